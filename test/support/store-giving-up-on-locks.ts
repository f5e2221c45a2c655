import { openPostgresStore } from '../../data/postgres/open-postgres-store.js';
import { openDatabase } from '../../data/store/open-database.js';
import { createStore, type Store } from '../../data/store/store.js';
import { holdPostgresWriteLock } from './postgres-write-lock.js';
import type { WorldDatabase } from './world-database.js';
import { holdWriteLock } from './write-lock.js';

export type HeldLock = { release(): unknown };

/**
 * A store on the world's database that gives up on a held lock after 20 ms, and how another process takes that
 * database's write lock: SQLite's file lock, or on PostgreSQL every table held EXCLUSIVE by another connection.
 * The caller closes the store.
 */
export async function storeGivingUpOnLocks(database: WorldDatabase): Promise<{ store: Store; holdLock(): Promise<HeldLock> }> {
  if (database.engine === 'postgres') {
    const url = database.env.DATABASE_URL!;
    return { store: await openPostgresStore(url, { maxClients: 4, lockTimeoutMs: 20, onIdleClientError: () => undefined }), holdLock: () => holdPostgresWriteLock(url) };
  }
  const path = database.env.DATABASE_PATH!;
  return { store: createStore(openDatabase(path, { busyTimeoutMs: 20 })), holdLock: async () => holdWriteLock(path) };
}
