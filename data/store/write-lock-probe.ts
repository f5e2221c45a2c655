import type { Db } from './open-database.js';
import { isBusyError } from '../sql/store-busy.js';

/**
 * True when another connection holds SQLite's write lock right now. Takes the lock for an instant (BEGIN IMMEDIATE,
 * ROLLBACK) without waiting for it, so it never blocks; inside our own transaction the lock is ours, so false.
 */
export function writeLockHeldElsewhere(db: Db): boolean {
  if (!db.open || db.readonly || db.inTransaction) return false;
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (error) {
    if (isBusyError(error)) return true;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeout)}`);
  }
}
