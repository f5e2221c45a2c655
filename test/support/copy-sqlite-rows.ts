import type { PgQueryable } from '../../data/postgres/driver/pg-pool.js';
import type { Db } from '../../data/store/open-database.js';

/**
 * Copies every row of a SQLite table into the table of the same name on PostgreSQL, the listed columns as they are
 * (row ids included), so both engines hold the same data. PostgreSQL converts each value to its column's type.
 * Identity sequences are moved past the copied ids, so rows written afterwards (an import's run and versions) get
 * new ones, as they would on SQLite.
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
  const identities = await q.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND is_identity = 'YES'",
    { table },
  );
  for (const { column_name: column } of identities.filter((identity) => columns.includes(identity.column_name))) {
    await q.query(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), max(${column})) FROM ${table} HAVING max(${column}) IS NOT NULL`);
  }
  return changes;
}
