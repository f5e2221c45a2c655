import { randomUUID } from 'node:crypto';
import type { RetentionCounts } from '../../data/retention/retention-run.js';
import { retentionCutoffs, type RetentionPeriods } from '../../data/retention/retention-cutoffs.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import type { Store } from '../../data/store/store.js';
import { copenhagenDate, fromCopenhagen } from '../../domain/calendar/copenhagen-time.js';
import type { Logger } from '../log/logger.js';

/** 03:00 in Copenhagen: the quiet hours, after the nightly import. */
export const DEFAULT_RETENTION_MINUTE = 3 * 60;
/** How often the bot checks whether today's run is due. The first check comes one period after start. */
export const DEFAULT_RETENTION_CHECK_MS = 10 * 60_000;
/** The job lease (job_leases) on the day's run: renewed while the run lasts; a dead holder's is taken over after it. */
export const RETENTION_LEASE = 'daily-retention';
export const RETENTION_LEASE_MS = 10 * 60_000;

export type DailyRetentionOptions = {
  store: Store;
  periods: RetentionPeriods;
  log: Logger;
  clock: () => Date;
  /** Minutes after Copenhagen midnight from which the day's run is due. */
  runAtMinute?: number;
  checkEveryMs?: number;
  /** This instance's name on the lease (a random id by default). */
  owner?: string;
};

export type RetentionCheck = { outcome: 'not-yet' | 'ran-today' | 'elsewhere' | 'busy' | 'failed' | 'stopped' } | { outcome: 'ran'; deleted: RetentionCounts };

/**
 * Runs retention once a Copenhagen day, at or after `runAtMinute`. The day of the last finished run is kept in the
 * database (retention_runs), so a restart neither runs the day twice nor skips it: a bot started after the hour runs
 * the day's retention at its next check. A run that finds the write lock held elsewhere is tried at the next check.
 * With several instances on one database the one holding the day's lease runs it ('elsewhere' for the others); if it
 * dies mid-run, another takes the run over once the lease has run out.
 */
export function startDailyRetention(options: DailyRetentionOptions): { check: () => Promise<RetentionCheck>; stop: () => Promise<void> } {
  const { store, periods, log, clock, runAtMinute = DEFAULT_RETENTION_MINUTE, checkEveryMs = DEFAULT_RETENTION_CHECK_MS, owner = randomUUID() } = options;
  let stopped = false;
  let running: Promise<RetentionCheck> | null = null;

  const runIfDue = async (): Promise<RetentionCheck> => {
    const now = clock();
    const today = copenhagenDate(now);
    if (((await store.retention.lastRunDay()) ?? '') >= today) return { outcome: 'ran-today' };
    if (now.getTime() < fromCopenhagen(today, runAtMinute).getTime()) return { outcome: 'not-yet' };
    if (!(await store.jobLeases.tryLease(RETENTION_LEASE, owner, now, RETENTION_LEASE_MS))) return { outcome: 'elsewhere' };
    let held = true;
    const renewal = setInterval(() => {
      store.jobLeases.tryLease(RETENTION_LEASE, owner, clock(), RETENTION_LEASE_MS).then((renewed) => (held &&= renewed), () => undefined);
    }, RETENTION_LEASE_MS / 3);
    renewal.unref();
    try {
      // Another instance may have finished the day's run between the first look and taking the lease.
      if (((await store.retention.lastRunDay()) ?? '') >= today) return { outcome: 'ran-today' };
      const { finished, deleted } = await store.retention.run({ cutoffs: retentionCutoffs(now, periods), trigger: 'daily', clock, keepGoing: () => !stopped && held });
      if (!finished) return { outcome: held ? 'stopped' : 'elsewhere' };
      log.info({ retention: deleted }, 'retention run');
      return { outcome: 'ran', deleted };
    } finally {
      clearInterval(renewal);
      await store.jobLeases.release(RETENTION_LEASE, owner).catch(() => undefined);
    }
  };

  const check = (): Promise<RetentionCheck> => {
    if (stopped) return Promise.resolve({ outcome: 'stopped' });
    running ??= runIfDue()
      .catch((error: unknown): RetentionCheck => {
        if (!isBusyError(error)) throw error;
        log.warn('retention waits for the database write lock held by another process: tried again at the next check');
        return { outcome: 'busy' };
      })
      .catch((error: unknown): RetentionCheck => {
        log.error({ err: error }, 'the retention run failed: tried again at the next check');
        return { outcome: 'failed' };
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void check(), checkEveryMs);
  timer.unref();
  return {
    check,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
