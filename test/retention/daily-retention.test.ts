import { describe, expect, it } from 'vitest';
import { RETENTION_LEASE, RETENTION_LEASE_MS, startDailyRetention } from '../../bot/retention/daily-retention.js';
import { createLogger } from '../../bot/log/logger.js';
import type { Store } from '../../data/store/store.js';
import { sqlRows, sqlValue } from '../support/raw-sql.js';
import type { WorldDatabase } from '../support/world-database.js';
import { PERIODS, retentionWorldDatabase } from './retention-fixtures.js';

const HOUR = 3_600_000;
const log = createLogger({ level: 'silent' });

/** A bot's retention schedule on the database, as after a (re)start; checks are called directly. */
async function startAt(database: WorldDatabase, clock: () => Date): Promise<{ store: Store; daily: ReturnType<typeof startDailyRetention> }> {
  const store = await database.open();
  return { store, daily: startDailyRetention({ store, periods: PERIODS, log, clock, checkEveryMs: HOUR }) };
}

const retentionAuditRows = (store: Store) => sqlValue(store, "SELECT count(*) FROM audit_log WHERE action = 'retention'");
const retentionRuns = (store: Store) => sqlValue(store, 'SELECT count(*) FROM retention_runs');

describe('retention once a Copenhagen day, across restarts', () => {
  it('runs at 03:00 Copenhagen time, once; a restart the same day does not run it again; the next day it runs again', async () => {
    const database = await retentionWorldDatabase();
    let now = new Date('2026-11-26T01:59:00Z'); // 02:59 in Copenhagen (winter time, UTC+1)
    const first = await startAt(database, () => now);
    expect(await first.daily.check()).toEqual({ outcome: 'not-yet' });
    now = new Date('2026-11-26T02:00:00Z');
    expect(await first.daily.check()).toMatchObject({ outcome: 'ran', deleted: { citizens: 2, auditRows: 3 } });
    const audited = await retentionAuditRows(first.store);
    expect(await first.daily.check()).toEqual({ outcome: 'ran-today' });
    await first.daily.stop();
    await first.store.close();

    now = new Date('2026-11-26T15:00:00Z');
    const restarted = await startAt(database, () => now);
    expect(await restarted.daily.check()).toEqual({ outcome: 'ran-today' });
    expect(await retentionAuditRows(restarted.store)).toBe(audited);
    now = new Date('2026-11-27T01:30:00Z');
    expect(await restarted.daily.check()).toEqual({ outcome: 'not-yet' });
    now = new Date('2026-11-27T02:30:00Z');
    expect(await restarted.daily.check()).toMatchObject({ outcome: 'ran' });
    expect(await sqlRows(restarted.store, 'SELECT day, trigger FROM retention_runs ORDER BY day')).toEqual([
      { day: '2026-11-26', trigger: 'daily' },
      { day: '2026-11-27', trigger: 'daily' },
    ]);
    await restarted.daily.stop();
    await restarted.store.close();
  });

  it('a bot that was down at 03:00 runs the day at its first check after the restart (no day skipped)', async () => {
    const database = await retentionWorldDatabase();
    let now = new Date('2026-11-25T02:30:00Z');
    const first = await startAt(database, () => now);
    expect(await first.daily.check()).toMatchObject({ outcome: 'ran', deleted: { citizens: 1 } });
    await first.daily.stop();
    await first.store.close();
    now = new Date('2026-11-26T11:00:00Z');
    const restarted = await startAt(database, () => now);
    expect(await restarted.daily.check()).toMatchObject({ outcome: 'ran', deleted: { citizens: 1 } });
    await restarted.daily.stop();
    await restarted.store.close();
  });

  it('in summer time 03:00 Copenhagen is 01:00 UTC', async () => {
    const database = await retentionWorldDatabase();
    let now = new Date('2026-07-01T00:59:00Z');
    const bot = await startAt(database, () => now);
    expect(await bot.daily.check()).toEqual({ outcome: 'not-yet' });
    now = new Date('2026-07-01T01:00:00Z');
    expect(await bot.daily.check()).toMatchObject({ outcome: 'ran' });
    await bot.daily.stop();
    await bot.store.close();
  });

  it('after stop nothing runs', async () => {
    const database = await retentionWorldDatabase();
    const bot = await startAt(database, () => new Date('2026-11-26T12:00:00Z'));
    await bot.daily.stop();
    expect(await bot.daily.check()).toEqual({ outcome: 'stopped' });
    expect(await retentionRuns(bot.store)).toBe(0);
    await bot.store.close();
  });
});

describe('retention with several instances on one database: one runs the day, none skips it', () => {
  const NOW = new Date('2026-11-26T02:30:00Z');
  const instanceOn = (store: Store, clock: () => Date = () => NOW) =>
    startDailyRetention({ store, periods: PERIODS, log, clock, checkEveryMs: HOUR });

  it('while one instance runs the day, another leaves it ("elsewhere"), and afterwards finds it done', async () => {
    const database = await retentionWorldDatabase();
    const [storeA, storeB] = [await database.open(), await database.open()];
    let reached!: () => void;
    let finish!: () => void;
    const runStarted = new Promise<void>((resolve) => (reached = resolve));
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const slowA: Store = { ...storeA, retention: { ...storeA.retention, run: async (request) => { reached(); await mayFinish; return storeA.retention.run(request); } } };
    const [a, b] = [instanceOn(slowA), instanceOn(storeB)];
    const running = a.check();
    await runStarted;
    expect(await b.check()).toEqual({ outcome: 'elsewhere' });
    finish();
    expect(await running).toMatchObject({ outcome: 'ran' });
    const audited = await retentionAuditRows(storeB);
    expect(await b.check()).toEqual({ outcome: 'ran-today' });
    expect(await retentionAuditRows(storeB)).toBe(audited);
    expect(await retentionRuns(storeB)).toBe(1);
    await Promise.all([a.stop(), b.stop()]);
    await storeA.close();
    await storeB.close();
  });

  it('an instance that read "not run today" before another finished the run takes the freed lease, looks again and does not run it twice', async () => {
    const database = await retentionWorldDatabase();
    const [storeA, storeB] = [await database.open(), await database.open()];
    let firstLook = true;
    const staleB: Store = { ...storeB, retention: { ...storeB.retention, lastRunDay: async () => (firstLook ? ((firstLook = false), null) : storeB.retention.lastRunDay()) } };
    const [a, b] = [instanceOn(storeA), instanceOn(staleB)];
    expect(await a.check()).toMatchObject({ outcome: 'ran' });
    const audited = await retentionAuditRows(storeA);
    expect(await b.check()).toEqual({ outcome: 'ran-today' });
    expect(await retentionAuditRows(storeA)).toBe(audited);
    expect(await retentionRuns(storeA)).toBe(1);
    await Promise.all([a.stop(), b.stop()]);
    await storeA.close();
    await storeB.close();
  });

  it('an instance that died holding the lease does not hold the day up: another runs it once the lease has run out', async () => {
    const store = await (await retentionWorldDatabase()).open();
    expect(await store.jobLeases.tryLease(RETENTION_LEASE, 'instance-that-died', NOW, RETENTION_LEASE_MS)).toBe(true);
    let now = NOW;
    const survivor = instanceOn(store, () => now);
    expect(await survivor.check()).toEqual({ outcome: 'elsewhere' });
    now = new Date(NOW.getTime() + RETENTION_LEASE_MS);
    expect(await survivor.check()).toMatchObject({ outcome: 'ran', deleted: { citizens: 2 } });
    expect(await retentionRuns(store)).toBe(1);
    await survivor.stop();
    await store.close();
  });
});
