import { fromCopenhagen, weekdayOf } from './copenhagen-time.js';
import { isClosedDay } from './danish-holidays.js';
import type { OpeningHours } from './opening-hours.js';

/** Open from `opens` up to, but not including, `closes` (epoch milliseconds). */
export type OpenInterval = { opens: number; closes: number };

/** How far the opening-hours searches look ahead before giving up. */
export const SEARCH_DAYS = 400;

/**
 * The open periods of one Copenhagen date as real instants, in order, with touching or overlapping ranges merged.
 * Working with instants rather than wall-clock minutes keeps DST days right: 08:00-16:00 is 8 real hours on any day.
 */
export function openIntervalsOn(hours: OpeningHours, date: string): OpenInterval[] {
  if (isClosedDay(date)) return [];
  const weekday = weekdayOf(date);
  const intervals = hours.ranges
    .filter((range) => range.days.includes(weekday))
    .map((range) => ({ opens: fromCopenhagen(date, range.fromMinute).getTime(), closes: fromCopenhagen(date, range.toMinute).getTime() }))
    // A range inside the spring-forward gap (e.g. 02:15-02:45) has no real time in it.
    .filter((interval) => interval.opens < interval.closes)
    .sort((a, b) => a.opens - b.opens);
  const merged: OpenInterval[] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last && interval.opens <= last.closes) last.closes = Math.max(last.closes, interval.closes);
    else merged.push({ ...interval });
  }
  return merged;
}
