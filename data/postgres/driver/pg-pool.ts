import pg from 'pg';
import { z } from 'zod';
import { bindNamed, compileNamed, type NamedParameters } from '../../sql/named-parameters.js';
import { connectionIsBroken, storeErrorOf, type FailurePhase } from './pg-errors.js';
import { describePostgresUrl, postgresUrlSchema } from './postgres-url.js';
import { statementName } from './statement-names.js';
import { sqliteShapedTypes } from './row-types.js';

/** What a repository needs: the pool (each call its own auto-committed statement) and a transaction both offer it. */
export interface PgQueryable {
  /** The rows, shaped as better-sqlite3's `.all()` gives them (see row-types.ts). */
  query<Row = Record<string, unknown>>(sql: string, params?: NamedParameters): Promise<Row[]>;
  /** For INSERT/UPDATE/DELETE: how many rows it changed (better-sqlite3's `.run().changes`). */
  run(sql: string, params?: NamedParameters): Promise<{ changes: number }>;
}

export interface PgPool extends PgQueryable {
  /** A client of its own, for a transaction or a session (an import's temp tables, LISTEN). Release it always. */
  connect(): Promise<pg.PoolClient>;
  stats(): { total: number; idle: number; waiting: number };
  /** Host, port and database, never the password: for log lines. */
  readonly described: string;
  end(): Promise<void>;
}

const optionsSchema = z.object({
  url: postgresUrlSchema(),
  applicationName: z.string().min(1).max(63).default('brobygger'),
  /** Clients per instance; several instances share the server's max_connections (100 by default). */
  maxClients: z.int().min(1).max(100).default(10),
  /** Waiting for a free client or a new connection: beyond it the unit of work fails with StoreBusy. */
  connectionTimeoutMs: z.int().min(1).default(5_000),
  /** Lock waits end as 55P03 (StoreBusy) well before the statement timeout. */
  lockTimeoutMs: z.int().min(1).default(2_000),
  statementTimeoutMs: z.int().min(1).default(30_000),
  /** Ends a session left in an open transaction (by a hung process), so its locks do not hold everyone up. */
  idleInTransactionTimeoutMs: z.int().min(1).default(60_000),
  idleTimeoutMs: z.int().min(1).default(30_000),
});

export type PgPoolOptions = z.input<typeof optionsSchema> & {
  /**
   * An idle client lost its connection (server restart, network): the pool drops it; this only reports it. Required,
   * so the caller reports it through its structured logger (which redacts CPR numbers), never the console.
   */
  onIdleClientError: (error: Error) => void;
};

export function openPgPool(options: PgPoolOptions): PgPool {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(issue?.path[0] === 'url' ? issue.message : `PostgreSQL pool option ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const o = parsed.data;
  const pool = new pg.Pool({
    connectionString: o.url,
    application_name: o.applicationName,
    max: o.maxClients,
    connectionTimeoutMillis: o.connectionTimeoutMs,
    idleTimeoutMillis: o.idleTimeoutMs,
    lock_timeout: o.lockTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs,
    types: sqliteShapedTypes,
  });
  // Without a listener pg's 'error' event would crash the process.
  pool.on('error', (error) => options.onIdleClientError(error));

  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await checkOut(pool);
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      if (connectionIsBroken(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  };

  return {
    described: describePostgresUrl(o.url),
    query: (sql, params) => withClient((client) => queryOn(client, sql, params, 'commit')),
    run: (sql, params) => withClient((client) => runOn(client, sql, params, 'commit')),
    connect: () => checkOut(pool),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    end: () => pool.end(),
  };
}

/**
 * A client with an 'error' listener for as long as it is checked out: pg drops its own listener at checkout, and a
 * connection that breaks between two statements would otherwise crash the process. The next statement fails instead.
 */
export async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw storeErrorOf(error, 'connect');
  }
  const onError = () => undefined;
  client.on('error', onError);
  const release = client.release.bind(client);
  client.release = (destroy?: Error | boolean) => {
    client.removeListener('error', onError);
    client.release = release;
    release(destroy);
  };
  return client;
}

async function execute(client: pg.ClientBase, sql: string, params: NamedParameters | undefined, phase: FailurePhase) {
  const compiled = compileNamed(sql);
  const values = bindNamed(compiled, params);
  try {
    const name = statementName(compiled.text, values.length);
    return await client.query(name === undefined ? { text: compiled.text, values } : { name, text: compiled.text, values });
  } catch (error) {
    throw storeErrorOf(error, phase);
  }
}

export async function queryOn<Row>(client: pg.ClientBase, sql: string, params: NamedParameters | undefined, phase: FailurePhase): Promise<Row[]> {
  return (await execute(client, sql, params, phase)).rows as Row[];
}

export async function runOn(client: pg.ClientBase, sql: string, params: NamedParameters | undefined, phase: FailurePhase): Promise<{ changes: number }> {
  return { changes: (await execute(client, sql, params, phase)).rowCount ?? 0 };
}
