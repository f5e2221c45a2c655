import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../data/store/open-database.js';
import { retryWhileBusy, retryWhileNothingWritten } from '../../../data/sql/retry-while-busy.js';
import { StoreBusy } from '../../../data/sql/store-busy.js';
import { createStore } from '../../../data/store/store.js';
import { holdWriteLock, type HeldLock } from '../../support/write-lock.js';
import { removeTempFolders, tempFolder } from '../import-fixtures.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
  removeTempFolders();
});

function lockedFile(): { db: Db; lock: HeldLock } {
  const path = join(tempFolder(), 'brobygger.sqlite');
  const db = openDatabase(path, { busyTimeoutMs: 20 });
  const lock = holdWriteLock(path);
  cleanup.push(() => db.close(), () => lock.release());
  return { db, lock };
}

const greet = (db: Db, id: string) => db.prepare('INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (?, ?)').run(id, '2025-06-02T10:00:00Z');
const greeted = (db: Db) => db.prepare('SELECT count(*) FROM greeted_users').pluck().get();
const busyError = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('retryWhileBusy', () => {
  it('runs the unit again once the other connection releases the lock, and the event loop keeps running meanwhile', async () => {
    const { db, lock } = lockedFile();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    cleanup.push(() => clearInterval(ticker));
    setTimeout(() => lock.release(), 300);
    let attempts = 0;
    await retryWhileBusy(() => {
      attempts++;
      greet(db, 'a');
    }, { deadlineMs: 5000 });
    expect(greeted(db)).toBe(1);
    expect(attempts).toBeGreaterThan(1);
    // A synchronous wait of 300 ms would have let no timer run; the retries wait asynchronously.
    expect(ticks).toBeGreaterThan(5);
  });

  it('gives up with StoreBusy near the deadline while the lock stays held, having written nothing', async () => {
    const { db } = lockedFile();
    const started = performance.now();
    const failure = await retryWhileBusy(() => greet(db, 'a'), { deadlineMs: 400 }).catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    expect(failure).toBeInstanceOf(StoreBusy);
    expect(((failure as StoreBusy).cause as { code: string }).code).toBe('SQLITE_BUSY');
    // It gives up when the next (jittered, growing) wait would pass the deadline, so somewhat before it.
    expect(elapsed).toBeGreaterThan(150);
    expect(elapsed).toBeLessThan(2500);
    expect(greeted(db)).toBe(0);
  });

  it('passes any other error through at once, without trying again', async () => {
    let attempts = 0;
    const failure = new Error('not a lock problem');
    await expect(
      retryWhileBusy(async () => {
        attempts++;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(attempts).toBe(1);
  });

  it('waits between attempts with growing delays, and stops early when told to', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const sleep = async (ms: number) => void waits.push(ms);
    await expect(
      retryWhileBusy(
        async () => {
          attempts++;
          throw busyError();
        },
        { sleep, keepTrying: () => attempts < 5, deadlineMs: 60_000, firstDelayMs: 100, maxDelayMs: 400 },
      ),
    ).rejects.toBeInstanceOf(StoreBusy);
    expect(attempts).toBe(5);
    expect(waits).toHaveLength(4);
    // Jitter is ±25 %: 100, 200, 400, 400.
    expect(waits[0]).toBeGreaterThanOrEqual(75);
    expect(waits[0]).toBeLessThanOrEqual(125);
    expect(waits[3]).toBeGreaterThanOrEqual(300);
    expect(waits[3]).toBeLessThanOrEqual(500);
  });

  it('does not repeat a unit when it says a retry is not safe', async () => {
    let attempts = 0;
    await expect(
      retryWhileBusy(
        async () => {
          attempts++;
          throw busyError();
        },
        { safeToRetry: () => false },
      ),
    ).rejects.toBeInstanceOf(StoreBusy);
    expect(attempts).toBe(1);
  });
});

describe('retryWhileNothingWritten', () => {
  it('repeats a unit that wrote nothing before failing busy', async () => {
    const { db, lock } = lockedFile();
    setTimeout(() => lock.release(), 200);
    let attempts = 0;
    await retryWhileNothingWritten(createStore(db), () => {
      attempts++;
      greet(db, 'a');
    }, { deadlineMs: 5000 });
    expect(attempts).toBeGreaterThan(1);
    expect(greeted(db)).toBe(1);
  });

  it('never repeats a unit whose first step committed: the step would be done twice', async () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    const db = openDatabase(path, { busyTimeoutMs: 20 });
    cleanup.push(() => db.close());
    let attempts = 0;
    let lock: HeldLock | null = null;
    cleanup.push(() => lock?.release());
    const failure = await retryWhileNothingWritten(createStore(db), () => {
      attempts++;
      greet(db, `step-one-${attempts}`);
      lock = holdWriteLock(path);
      greet(db, 'step-two');
    }, { deadlineMs: 5000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreBusy);
    expect(attempts).toBe(1);
    expect(greeted(db)).toBe(1);
  });
});
