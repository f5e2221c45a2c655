import pg from 'pg';

export type HeldPostgresLock = { release(): Promise<void> };

/**
 * PostgreSQL's counterpart of holdWriteLock (write-lock.ts): another connection's transaction holds every table of
 * the database in EXCLUSIVE mode until released, so reads go on and every write waits (and gives up after the
 * store's lock_timeout), as a long import or a maintenance job would make it.
 */
export async function holdPostgresWriteLock(url: string): Promise<HeldPostgresLock> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  await other.query('BEGIN');
  const { rows } = await other.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()");
  await other.query(`LOCK TABLE ${rows.map((row) => row.name).join(', ')} IN EXCLUSIVE MODE`);
  let released: Promise<void> | null = null;
  return {
    release: () =>
      (released ??= (async () => {
        await other.query('ROLLBACK').catch(() => undefined);
        await other.end();
      })()),
  };
}
