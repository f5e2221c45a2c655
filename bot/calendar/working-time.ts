import { addDays, copenhagenDate } from './copenhagen-time.js';
import { openIntervalsOn, type OpeningHours } from './opening-hours.js';

const MAX_DAYS = 5 * 366;

/** The instant at which `durationMs` of open time has passed, counting from `start`. */
export function addWorkingTime(start: Date, durationMs: number, hours: OpeningHours): Date {
  let remaining = durationMs;
  let date = copenhagenDate(start);
  for (let day = 0; day < MAX_DAYS; day++, date = addDays(date, 1)) {
    for (const [from, to] of openIntervalsOn(hours, date)) {
      const begin = Math.max(from.getTime(), start.getTime());
      if (begin >= to.getTime()) continue;
      const available = to.getTime() - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
  }
  throw new Error('addWorkingTime: more than five years of working time');
}

/** Open milliseconds in [from, to). */
export function workingTimeBetween(from: Date, to: Date, hours: OpeningHours): number {
  let total = 0;
  let date = copenhagenDate(from);
  const last = copenhagenDate(to);
  for (let day = 0; day < MAX_DAYS && date <= last; day++, date = addDays(date, 1)) {
    for (const [open, close] of openIntervalsOn(hours, date)) {
      total += Math.max(0, Math.min(close.getTime(), to.getTime()) - Math.max(open.getTime(), from.getTime()));
    }
  }
  return total;
}
