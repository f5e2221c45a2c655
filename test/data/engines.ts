import { z } from 'zod';

/**
 * The engines a contract suite runs against: SQLite always; PostgreSQL when TEST_DATABASE_URL names a server
 * (`npm run test:postgres` starts a throwaway one). Without it PostgreSQL is simply not in the list, and
 * test/support/postgres-notice.ts says so once per run.
 */
export type EngineUnderTest =
  | { readonly kind: 'sqlite'; readonly label: string }
  | { readonly kind: 'postgres'; readonly label: string; readonly url: string };

export type PostgresEngine = Extract<EngineUnderTest, { kind: 'postgres' }>;

const EXAMPLE = 'postgres://brobygger:<password>@127.0.0.1:5432/brobygger_test';

const testDatabaseUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol) && new URL(value).hostname !== '', {
    error: `TEST_DATABASE_URL must be a PostgreSQL URL such as ${EXAMPLE} (or be unset to test SQLite alone)`,
  });

function postgresFrom(env: NodeJS.ProcessEnv): PostgresEngine | undefined {
  const raw = env.TEST_DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = testDatabaseUrl.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  const { host, pathname } = new URL(parsed.data);
  // The label appears in test names and logs: host, port and database only, never the password.
  return { kind: 'postgres', label: `PostgreSQL (${host}${pathname})`, url: parsed.data };
}

export function enginesUnderTest(env: NodeJS.ProcessEnv = process.env): EngineUnderTest[] {
  const postgres = postgresFrom(env);
  return [{ kind: 'sqlite', label: 'SQLite' }, ...(postgres ? [postgres] : [])];
}

export function postgresEnginesUnderTest(env: NodeJS.ProcessEnv = process.env): PostgresEngine[] {
  return enginesUnderTest(env).filter((engine): engine is PostgresEngine => engine.kind === 'postgres');
}

/**
 * The engine the tests' worlds (test/support/world.ts) open their stores on: SQLite unless TEST_STORE_ENGINE is
 * `postgres`, which also needs TEST_DATABASE_URL (`npm run test:postgres:all` sets both). The contract tests run on
 * every engine under test either way; this decides for every other test that uses a world.
 */
export function worldEngine(env: NodeJS.ProcessEnv = process.env): EngineUnderTest {
  const chosen = (env.TEST_STORE_ENGINE ?? '').trim().toLowerCase();
  if (chosen === '' || chosen === 'sqlite') return { kind: 'sqlite', label: 'SQLite' };
  if (chosen !== 'postgres') throw new Error(`TEST_STORE_ENGINE must be sqlite or postgres (it is "${env.TEST_STORE_ENGINE}")`);
  const postgres = postgresFrom(env);
  if (!postgres) throw new Error('TEST_STORE_ENGINE=postgres needs TEST_DATABASE_URL: run `npm run test:postgres:all`, or set it to a server of your own');
  return postgres;
}

/** The one line a test run prints about its PostgreSQL part. */
export function postgresPartNotice(env: NodeJS.ProcessEnv = process.env): string {
  const postgres = postgresFrom(env);
  const worlds = worldEngine(env).kind === 'postgres' ? ' The whole suite\'s worlds (every other test with a store) also use it (TEST_STORE_ENGINE=postgres).' : '';
  return postgres
    ? `PostgreSQL part: the contract tests also run against ${postgres.label}, from TEST_DATABASE_URL.${worlds}`
    : 'PostgreSQL part skipped: TEST_DATABASE_URL is not set. `npm run test:postgres` runs the tests with a ' +
        "throwaway PostgreSQL (needs Debian's `postgresql` package), or set TEST_DATABASE_URL to a server of your own.";
}
