import { addDays, copenhagenDate } from './copenhagen-time.js';
import { openIntervalsOn } from './open-intervals.js';
import type { OpeningHours } from './opening-hours.js';

/** Working-time sums give up beyond this many days, so empty or rare opening hours cannot loop for ever. */
const MAX_DAYS = 5 * 366;

/**
 * The instant at which `durationMs` of open time has passed, counting from `start` (or from the next opening if closed then).
 * Time that runs out exactly at closing gives the closing instant, not the next opening; a zero duration gives the next opening.
 */
export function addWorkingTime(start: Date, durationMs: number, hours: OpeningHours): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError(`addWorkingTime: ${durationMs} ms is not a duration`);
  const startTime = start.getTime();
  let remaining = durationMs;
  let date = copenhagenDate(start);
  for (let day = 0; day < MAX_DAYS; day++, date = addDays(date, 1)) {
    for (const { opens, closes } of openIntervalsOn(hours, date)) {
      const begin = Math.max(opens, startTime);
      if (begin >= closes) continue;
      if (remaining <= closes - begin) return new Date(begin + remaining);
      remaining -= closes - begin;
    }
  }
  throw new RangeError(`addWorkingTime: ${durationMs} ms of working time does not fit in five years of opening hours`);
}

/** Open milliseconds in [from, to); 0 if `to` is not after `from`. */
export function workingTimeBetween(from: Date, to: Date, hours: OpeningHours): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(start < end)) return 0;
  const lastDate = copenhagenDate(to);
  let total = 0;
  let date = copenhagenDate(from);
  for (let day = 0; date <= lastDate; day++, date = addDays(date, 1)) {
    if (day >= MAX_DAYS) throw new RangeError('workingTimeBetween: the period is longer than five years');
    for (const { opens, closes } of openIntervalsOn(hours, date)) total += Math.max(0, Math.min(closes, end) - Math.max(opens, start));
  }
  return total;
}
