import type { PgQueryable } from '../../data/postgres/driver/pg-pool.js';
import type { Db } from '../../data/store/open-database.js';

/**
 * Copies every row of a SQLite table into the table of the same name on PostgreSQL, the listed columns as they are
 * (row ids included), so both engines hold the same data. PostgreSQL converts each value to its column's type.
 * Identity sequences are not moved on: a test that inserts further rows itself gives their ids.
 */
export async function copySqliteRows(db: Db, q: PgQueryable, table: string, columns: readonly string[]): Promise<number> {
  const identifier = /^[a-z_][a-z0-9_]*$/;
  for (const name of [table, ...columns]) if (!identifier.test(name)) throw new Error(`not a plain table or column name: ${name}`);
  const list = columns.join(', ');
  const rows = db.prepare(`SELECT ${list} FROM ${table}`).all();
  if (rows.length === 0) return 0;
  const { changes } = await q.run(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, @rows::json)`, {
    rows: JSON.stringify(rows),
  });
  return changes;
}
