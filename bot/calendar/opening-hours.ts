import { addDays, copenhagenDate, fromCopenhagen, toCopenhagen } from './copenhagen-time.js';
import { isClosedDay } from './danish-holidays.js';

export type OpeningHours = { ranges: readonly { days: readonly number[]; fromMinute: number; toMinute: number }[] };

export const DEFAULT_OPENING_HOURS = 'Mon-Fri 08:00-16:00';

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `Mon-Fri 08:00-16:00, Sat 10:00-12:00` (days Mon..Sun, `24:00` allowed as an end). */
export function parseOpeningHours(text: string): { ok: true; value: OpeningHours } | { ok: false; problem: string } {
  const ranges: { days: number[]; fromMinute: number; toMinute: number }[] = [];
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const match = /^([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(part);
    if (!match) return { ok: false, problem: `"${part}": expected days and times like "Mon-Fri 08:00-16:00"` };
    const first = DAY_NAMES.indexOf(match[1]!.toLowerCase()) + 1;
    const last = match[2] ? DAY_NAMES.indexOf(match[2].toLowerCase()) + 1 : first;
    if (first === 0 || last === 0) return { ok: false, problem: `"${part}": days are Mon, Tue, Wed, Thu, Fri, Sat, Sun` };
    if (last < first) return { ok: false, problem: `"${part}": a day range must go forward (Mon-Fri, not Fri-Mon)` };
    const from = Number(match[3]) * 60 + Number(match[4]);
    const to = Number(match[5]) * 60 + Number(match[6]);
    if (Number(match[3]) > 23 || Number(match[4]) > 59 || Number(match[6]) > 59 || to > 24 * 60) return { ok: false, problem: `"${part}": not a time of day (00:00–24:00)` };
    if (to <= from) return { ok: false, problem: `"${part}": the closing time must be after the opening time` };
    ranges.push({ days: Array.from({ length: last - first + 1 }, (_, index) => first + index), fromMinute: from, toMinute: to });
  }
  return { ok: true, value: { ranges } };
}

/** The open intervals of one Copenhagen date, as instants, merged where adjacent. */
export function openIntervalsOn(hours: OpeningHours, date: string): [Date, Date][] {
  if (isClosedDay(date)) return [];
  const weekday = toCopenhagen(fromCopenhagen(date, 12 * 60)).weekday;
  const minutes = hours.ranges
    .filter((range) => range.days.includes(weekday))
    .map((range) => [range.fromMinute, range.toMinute] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of minutes) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.map(([from, to]) => [fromCopenhagen(date, from), fromCopenhagen(date, to)]);
}

export function isOpenAt(hours: OpeningHours, instant: Date): boolean {
  return openIntervalsOn(hours, copenhagenDate(instant)).some(([from, to]) => from <= instant && instant < to);
}

/** The next instant (≥ instant) at which it is open; null if never within ~400 days. */
export function nextOpening(hours: OpeningHours, instant: Date): Date | null {
  let date = copenhagenDate(instant);
  for (let day = 0; day < 400; day++, date = addDays(date, 1)) {
    for (const [from, to] of openIntervalsOn(hours, date)) {
      if (instant < to) return from > instant ? from : instant;
    }
  }
  return null;
}

/** When the current open period ends; null if closed now. */
export function closesAt(hours: OpeningHours, instant: Date): Date | null {
  const interval = openIntervalsOn(hours, copenhagenDate(instant)).find(([from, to]) => from <= instant && instant < to);
  return interval ? interval[1] : null;
}
