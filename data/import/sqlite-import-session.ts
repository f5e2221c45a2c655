import type { ImportSession } from './import-session.js';
import { rebuildGuideIndex } from '../repositories/guide.js';
import type { Db } from '../sqlite/db.js';
import { SqliteSql } from '../sqlite/sqlite-sql.js';

/**
 * An import on the store's SQLite connection (the store gives it the connection until the import is done).
 * Staging and planning run in DEFERRED transactions that write TEMP tables only, which takes no lock on the main
 * database; the switch is one IMMEDIATE transaction, which queues behind other processes' writers.
 */
export function sqliteImportSession(db: Db): ImportSession {
  db.pragma('temp_store = FILE');
  // Staging and planning write large TEMP tables; a bigger page cache keeps them off the disk where it can.
  db.pragma('cache_size = -65536');
  db.pragma('temp.cache_size = -32768');
  const inTransaction = async <T>(begin: string, work: () => Promise<T>): Promise<T> => {
    db.exec(begin);
    try {
      const result = await work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };
  return {
    sql: new SqliteSql(db),
    temp: 'temp.',
    withoutWriteLock: (work) => inTransaction('BEGIN DEFERRED', work),
    switchOver: (work) => inTransaction('BEGIN IMMEDIATE', work),
    insertRows: async (table, columns, rows) => {
      // Positional binding, one prepared statement per table: SQLite's fastest way, as the import always loaded.
      const insert = db.prepare(`INSERT INTO temp.${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(row.map((value) => value ?? null));
    },
    rebuildGuideIndex: async () => rebuildGuideIndex(db),
  };
}
