import Database from 'better-sqlite3';

export type HeldLock = { release(): void };

/**
 * What an import, a backup or a `sqlite3` shell does to the bot: a second connection to the same file takes
 * SQLite's write lock (BEGIN IMMEDIATE plus a write) and keeps it until released.
 */
export function holdWriteLock(path: string): HeldLock {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  other.exec('CREATE TABLE IF NOT EXISTS lock_holder_scratch (x INTEGER)');
  other.prepare('INSERT INTO lock_holder_scratch (x) VALUES (1)').run();
  return {
    release() {
      if (!other.open) return;
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    },
  };
}
