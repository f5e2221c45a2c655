import Database from 'better-sqlite3';
import { openPgPool, type PgPool } from '../../data/postgres/driver/pg-pool.js';
import { migratePostgres } from '../../data/postgres/migrate.js';
import { copySqliteRows } from './copy-sqlite-rows.js';
import { scratchDatabase, type ScratchDatabase } from './postgres-scratch-database.js';

/**
 * The organisation data and the remembered conversations of a SQLite world, in an order that satisfies the foreign
 * keys (the migration seeds the administrations and the default goal targets).
 */
const WORLD_TABLES = ['import_runs', 'unit_versions', 'employee_versions', 'citizen_versions', 'case_versions', 'conversations'] as const;

export type PostgresWorld = { scratch: ScratchDatabase; pool: PgPool; close(): Promise<void> };

/**
 * A scratch PostgreSQL database, migrated, holding the rows of a SQLite world file (the columns both engines have):
 * import on PostgreSQL is not needed to give a bot process on PostgreSQL the same world. `close` drops it, also
 * while killed processes' sessions are still open.
 */
export async function postgresWorld(serverUrl: string, sqlitePath: string, prefix: string): Promise<PostgresWorld> {
  const scratch = await scratchDatabase(serverUrl, prefix, { force: true });
  const pool = openPgPool({ url: scratch.url, maxClients: 2, onIdleClientError: () => undefined });
  const close = async () => {
    await pool.end();
    await scratch.drop();
  };
  try {
    const client = await pool.connect();
    await migratePostgres(client).finally(() => client.release());
    const db = new Database(sqlitePath, { readonly: true });
    try {
      for (const table of WORLD_TABLES) {
        const sqliteColumns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((row) => row.name);
        const pgColumns = new Set((await pool.query<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table', { table })).map((row) => row.name));
        await copySqliteRows(db, pool, table, sqliteColumns.filter((column) => pgColumns.has(column)));
      }
    } finally {
      db.close();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { scratch, pool, close };
}
