/**
 * Triggers that keep an append-only table's rows in place whatever the connection's pragmas.
 *
 * `INSERT OR REPLACE` (and `REPLACE INTO`) deletes the row it collides with, and that delete fires the delete trigger
 * only when `recursive_triggers` is on, which the `sqlite3` shell and DB browsers leave off. A BEFORE INSERT trigger
 * fires whatever the conflict clause, so it refuses any insert whose rowid or unique key is taken. `UPDATE … SET
 * rowid` names no column, so `BEFORE UPDATE OF` triggers miss it (and `UPDATE OR REPLACE` can delete a row with it).
 *
 * `uniqueKeys` lists the table's unique constraints besides the rowid (each one a column list). An auto-assigned
 * rowid reads as -1 in a BEFORE INSERT trigger, which matches no row.
 */
export function keyGuardTriggers(table: string, uniqueKeys: readonly (readonly string[])[] = []): string {
  const taken = [['rowid'], ...uniqueKeys].map((columns) => `EXISTS (SELECT 1 FROM ${table} WHERE ${columns.map((column) => `${column} = NEW.${column}`).join(' AND ')})`);
  return `CREATE TRIGGER ${table}_no_replace BEFORE INSERT ON ${table}
       WHEN ${taken.join(' OR ')}
       BEGIN SELECT RAISE(ABORT, '${table} is append-only: a row with this key exists already'); END;
     CREATE TRIGGER ${table}_keep_rowid BEFORE UPDATE ON ${table}
       WHEN NEW.rowid IS NOT OLD.rowid
       BEGIN SELECT RAISE(ABORT, '${table} is append-only: history cannot be rewritten'); END;`;
}
