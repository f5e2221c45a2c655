import { STORE_GENERATION_KEY } from '../import/apply-merge-plan.js';
import { importFiles, type ImportOptions, type ImportReport } from '../import/import-folder.js';
import type { ImportSession } from '../import/import-session.js';
import type { NamedParameters } from '../sql/named-parameters.js';
import { queryOn, runOn, type PgPool, type PgQueryable } from './driver/pg-pool.js';
import { PgSql, SERIALISE_ON } from './pg-sql.js';
import { rebuildPgGuideIndex } from './repositories/guide.js';

/**
 * An import on one client of its own, held from the first staged row to the switch: PostgreSQL's TEMP tables belong
 * to the session that made them. Planning reads one REPEATABLE READ snapshot (it writes TEMP tables only, which
 * lock nothing the bot uses); the switch is one READ COMMITTED transaction behind STORE_GENERATION_KEY's advisory
 * lock (each retention batch takes it too), whose checks (the store's generation, every planned version still
 * current) see what others committed up to then.
 * `close` drops the connection, and the TEMP tables with it.
 */
const ROWS_PER_INSERT = 5_000;
/** Longer than a retention batch or another import's switch holds the store-generation lock. */
const SWITCH_WAITS_SECONDS = 120;

export async function openPgImportSession(pool: Pick<PgPool, 'connect'>): Promise<ImportSession & { close(): void }> {
  const client = await pool.connect();
  let inTransaction = false;
  const phase = () => (inTransaction ? 'in-transaction' : 'commit');
  const q: PgQueryable = {
    query: <Row>(sql: string, params?: NamedParameters) => queryOn<Row>(client, sql, params, phase()),
    run: (sql: string, params?: NamedParameters) => runOn(client, sql, params, phase()),
  };
  try {
    // A large file's CREATE INDEX or planning query may take longer than a bot's statement may, and the switch may
    // wait for a retention batch (or another import's switch) to let go of the store-generation lock.
    await q.run('SET statement_timeout = 0');
    await q.run(`SET lock_timeout = '${SWITCH_WAITS_SECONDS}s'`);
  } catch (error) {
    client.release(true);
    throw error;
  }
  const transaction = async <T>(begin: string, work: () => Promise<T>): Promise<T> => {
    await q.run(begin);
    inTransaction = true;
    try {
      const result = await work();
      await q.run('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      inTransaction = false;
    }
  };
  const sql = PgSql.inTransaction(q);
  return {
    sql,
    temp: 'pg_temp.',
    withoutWriteLock: (work) => transaction('BEGIN ISOLATION LEVEL REPEATABLE READ', work),
    switchOver: (work) =>
      transaction('BEGIN ISOLATION LEVEL READ COMMITTED', async () => {
        await q.query(SERIALISE_ON, { key: STORE_GENERATION_KEY });
        return work();
      }),
    insertRows: async (table, columns, rows) => {
      // One JSON parameter per chunk, typed by the TEMP table's own row type: far cheaper than thousands of bound values.
      const list = columns.join(', ');
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT).map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index] ?? null])));
        await q.run(`INSERT INTO pg_temp.${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::pg_temp.${table}, @rows::json)`, { rows: JSON.stringify(chunk) });
      }
    },
    rebuildGuideIndex: () => rebuildPgGuideIndex(q),
    close: () => client.release(true),
  };
}


/** An import on a session of its own, closed (its TEMP tables gone) whatever the outcome. */
export async function importOnSession(pool: Pick<PgPool, 'connect'>, folder: string, options: ImportOptions): Promise<ImportReport> {
  const session = await openPgImportSession(pool);
  try {
    return await importFiles(session, folder, options);
  } finally {
    session.close();
  }
}
