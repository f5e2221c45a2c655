import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../data/store/open-database.js';
import { asStoreBusy, isBusyError, StoreBusy } from '../../../data/sql/store-busy.js';
import { writeLockHeldElsewhere } from '../../../data/store/write-lock-probe.js';
import { holdWriteLock, type HeldLock } from '../../support/write-lock.js';
import { removeTempFolders, tempFolder } from '../import-fixtures.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
  removeTempFolders();
});

function lockedStore(): { db: Db; lock: HeldLock } {
  const path = join(tempFolder(), 'brobygger.sqlite');
  const db = openDatabase(path, { busyTimeoutMs: 0 });
  const lock = holdWriteLock(path);
  cleanup.push(() => db.close(), () => lock.release());
  return { db, lock };
}

function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('busy classification', () => {
  it('classifies the real SQLITE_BUSY of a write under another connection’s lock as busy, and converts it to StoreBusy', () => {
    const { db } = lockedStore();
    const error = errorOf(() => db.prepare("INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES ('x', 'y')").run());
    expect((error as { code: string }).code).toBe('SQLITE_BUSY');
    expect(isBusyError(error)).toBe(true);
    const converted = asStoreBusy(error);
    expect(converted).toBeInstanceOf(StoreBusy);
    expect((converted as StoreBusy).cause).toBe(error);
  });

  it('classifies SQLITE_LOCKED and extended busy codes as busy, and constraint errors, plain errors and null as not', () => {
    expect(isBusyError(Object.assign(new Error('x'), { code: 'SQLITE_LOCKED' }))).toBe(true);
    expect(isBusyError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isBusyError(Object.assign(new Error('x'), { code: 'SQLITE_LOCKED_SHAREDCACHE' }))).toBe(true);
    expect(isBusyError(new StoreBusy())).toBe(true);
    const db = openDatabase(':memory:');
    cleanup.push(() => db.close());
    const constraint = errorOf(() => db.prepare('INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (NULL, NULL)').run());
    expect((constraint as { code: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(isBusyError(constraint)).toBe(false);
    expect(asStoreBusy(constraint)).toBe(constraint);
    expect(isBusyError(Object.assign(new Error('x'), { code: 'SQLITE_BUSYNESS' }))).toBe(false);
    expect(isBusyError(new Error('database is locked'))).toBe(false);
    expect(isBusyError(null)).toBe(false);
  });

  it('reads still work under another connection’s write lock (WAL)', () => {
    const { db } = lockedStore();
    expect(db.prepare('SELECT count(*) FROM greeted_users').pluck().get()).toBe(0);
  });
});

describe('write-lock probe', () => {
  it('sees a lock held by another connection at once, and sees it gone after release', () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    const db = openDatabase(path, { busyTimeoutMs: 3000 });
    cleanup.push(() => db.close());
    expect(writeLockHeldElsewhere(db)).toBe(false);
    const lock = holdWriteLock(path);
    cleanup.push(() => lock.release());
    const started = performance.now();
    expect(writeLockHeldElsewhere(db)).toBe(true);
    // With the 3 s busy timeout a waiting probe would take 3 s; the probe never waits.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(3000);
    lock.release();
    expect(writeLockHeldElsewhere(db)).toBe(false);
    expect(db.inTransaction).toBe(false);
  });

  it('is false inside our own transaction (the lock is ours)', () => {
    const db = openDatabase(':memory:');
    cleanup.push(() => db.close());
    expect(db.transaction(() => writeLockHeldElsewhere(db))()).toBe(false);
  });
});
