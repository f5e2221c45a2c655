import type { Db } from './db.js';

/**
 * Runs `work` inside SAVEPOINT `name` of the open transaction: released when it resolves, rolled back to (and
 * released) when it throws, unless SQLite already rolled the whole transaction back.
 */
export async function inSavepoint<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  db.exec(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    db.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    if (db.inTransaction) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
    }
    throw error;
  }
}
