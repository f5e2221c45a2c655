import type { AuditChainHead } from '../../data/repositories/audit-log.js';
import { addDays, copenhagenDate, fromCopenhagen } from '../../domain/calendar/copenhagen-time.js';
import type { Logger } from '../log/logger.js';

/** The next midnight in Copenhagen after `now` (23 or 25 hours away on the days daylight saving starts or ends). */
export function nextCopenhagenMidnight(now: Date): Date {
  return fromCopenhagen(addDays(copenhagenDate(now), 1), 0);
}

export type AuditChainHeadLogOptions = {
  head: () => Promise<AuditChainHead>;
  log: Logger;
  clock: () => Date;
  /** When to log next after `now`; tests shorten the day. */
  nextAt?: (now: Date) => Date;
};

/**
 * Writes the audit chain's head to the application log at start and then at each Copenhagen midnight, so a copy of
 * it exists outside the database: a chain rewritten from an earlier row on no longer ends in a logged head.
 * The line carries ids and hashes only, never a CPR number. Returns `stop`, which clears the timer.
 */
export function startAuditChainHeadLog(options: AuditChainHeadLogOptions): { stop: () => void } {
  const { log, clock, nextAt = nextCopenhagenMidnight } = options;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const logHead = async () => {
    try {
      log.info({ auditChainHead: await options.head() }, 'audit chain head');
    } catch (error) {
      log.error({ err: error }, 'the audit chain head could not be read for the log');
    }
  };
  const schedule = (after: Date) => {
    if (stopped) return;
    const due = nextAt(after);
    timer = setTimeout(() => {
      void logHead();
      // A timer may fire a little early by the wall clock; never schedule the same midnight twice.
      const now = clock();
      schedule(now.getTime() > due.getTime() ? now : due);
    }, Math.max(0, due.getTime() - clock().getTime()));
    timer.unref();
  };
  void logHead();
  schedule(clock());
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
