import pg from 'pg';
import { postgresMigrations } from './migrations/index.js';
import type { PostgresMigration } from './migrations/postgres-migration.js';

/** The advisory lock every instance takes before it looks at schema_migrations ("brobyggr" in ASCII). */
export const MIGRATION_LOCK_KEY = '7093015065226282866';

/**
 * Applies the pending migrations, each in a transaction of its own, and returns the versions it recorded. Two
 * instances starting together queue on a session advisory lock, so the second finds everything applied. Give it a
 * pool (one client is borrowed for the whole run) or a connected client.
 */
export async function migratePostgres(
  db: pg.Pool | pg.ClientBase,
  migrations: readonly PostgresMigration[] = postgresMigrations,
): Promise<number[]> {
  const client = db instanceof pg.Pool ? await db.connect() : db;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    if (client !== db) (client as pg.PoolClient).release();
  }
}

async function applyPending(client: pg.ClientBase, migrations: readonly PostgresMigration[]): Promise<number[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  text NOT NULL
  )`);
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((row) => row.version));
  const recorded: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    const records = migration.records ?? [[migration.version, migration.name]];
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      const appliedAt = new Date().toISOString();
      for (const [version, name] of records) {
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [version, name, appliedAt]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new Error(`PostgreSQL migration ${migration.version} (${migration.name}) failed, nothing of it was applied: ${(error as Error).message}`, { cause: error });
    }
    recorded.push(...records.map(([version]) => version));
  }
  return recorded;
}
