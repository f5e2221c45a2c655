import type { DatabaseChoice } from '../../data/open-store.js';
import { postgresUrlSchema } from '../../data/postgres/driver/postgres-url.js';
import type { Config } from './load-config.js';

/** The database a loaded configuration names: PostgreSQL with DATABASE_URL (DATABASE_PATH is then ignored), else SQLite. */
export function databaseChoice(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'DATABASE_POOL_SIZE'>): DatabaseChoice {
  return { databaseUrl: config.DATABASE_URL, databasePath: config.DATABASE_PATH, poolSize: config.DATABASE_POOL_SIZE };
}

export type CommandDatabase = { ok: true; postgres: DatabaseChoice & { databaseUrl: string } } | { ok: true; postgres: null } | { ok: false; message: string };

/**
 * For a command that reads the environment itself: PostgreSQL when DATABASE_URL is set and no `--database` file is
 * named on the command line, else null (the command's SQLite file). A bad URL gets a message that never repeats it.
 */
export function commandDatabase(option: string | undefined, env: NodeJS.ProcessEnv): CommandDatabase {
  const raw = env.DATABASE_URL;
  if (option !== undefined || raw === undefined || raw.trim() === '') return { ok: true, postgres: null };
  const parsed = postgresUrlSchema().safeParse(raw);
  if (parsed.success) return { ok: true, postgres: { databaseUrl: parsed.data, databasePath: '', poolSize: 2 } };
  return {
    ok: false,
    message: 'DATABASE_URL er ikke en PostgreSQL-URL: skriv den som postgres://brobygger:<adgangskode>@db.example.dk:5432/brobygger, eller fjern den for at bruge SQLite-filen i DATABASE_PATH.',
  };
}
