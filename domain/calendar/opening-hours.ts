import { addDays, copenhagenDate } from './copenhagen-time.js';
import { openIntervalsOn, SEARCH_DAYS } from './open-intervals.js';

/** Weekly opening hours in Copenhagen wall-clock time. Days are 1 = Monday … 7 = Sunday; minutes run 0 to 1440 (24:00). */
export type OpeningHours = { ranges: readonly { days: readonly number[]; fromMinute: number; toMinute: number }[] };

export const DEFAULT_OPENING_HOURS = 'Mon-Fri 08:00-16:00';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EXAMPLE = `"${DEFAULT_OPENING_HOURS}"`;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
type Range = OpeningHours['ranges'][number];

/**
 * Reads opening hours such as `Mon-Thu 08:00-15:30, Fri 08:00-14:00` or `Mon,Wed 09:00-24:00` (day names are case-insensitive).
 * A problem is one sentence for the operator that quotes the part of the text at fault.
 */
export function parseOpeningHours(text: string): Parsed<OpeningHours> {
  if (text.trim() === '') return { ok: false, problem: `no opening hours given; write them like ${EXAMPLE}` };
  const ranges: Range[] = [];
  // Commas separate both entries and the days within one (`Mon,Wed 09:00-12:00`): pieces without times wait for the next piece.
  let pending: string[] = [];
  for (const piece of text.split(',').map((part) => part.trim())) {
    if (piece === '') return { ok: false, problem: `"${text.trim()}": there is an extra comma with nothing beside it; remove it` };
    pending.push(piece);
    if (!/\d/.test(piece)) continue;
    const entry = parseEntry(pending.join(','));
    if (!entry.ok) return entry;
    ranges.push(entry.value);
    pending = [];
  }
  if (pending.length > 0) return { ok: false, problem: `"${pending.join(',')}": the opening and closing times are missing, e.g. ${EXAMPLE}` };
  return { ok: true, value: { ranges } };
}

function parseEntry(entry: string): Parsed<Range> {
  const match = /^(.*?)\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(entry);
  if (!match) return { ok: false, problem: `"${entry}": expected days followed by opening and closing times, like ${EXAMPLE}` };
  const [, dayText = '', fromText = '', toText = ''] = match;
  if (dayText === '') return { ok: false, problem: `"${entry}": say which days these hours are for, like ${EXAMPLE}` };
  if (/\d/.test(dayText)) {
    return { ok: false, problem: `"${entry}": one opening time per part; repeat the days for another, e.g. "Mon-Fri 08:00-12:00, Mon-Fri 13:00-16:00"` };
  }
  const days = parseDays(dayText, entry);
  if (!days.ok) return days;
  const fromMinute = parseTime(fromText);
  if (fromMinute === null) return notATime(entry, fromText);
  const toMinute = parseTime(toText);
  if (toMinute === null) return notATime(entry, toText);
  if (fromMinute === 24 * 60) return { ok: false, problem: `"${entry}": 24:00 can only be a closing time; open at 00:00 instead` };
  if (toMinute <= fromMinute) return { ok: false, problem: `"${entry}": the closing time must be after the opening time` };
  return { ok: true, value: { days: days.value, fromMinute, toMinute } };
}

function notATime(entry: string, time: string): Parsed<never> {
  return { ok: false, problem: `"${entry}": "${time}" is not a time of day; use 00:00 to 24:00` };
}

function parseDays(text: string, entry: string): Parsed<number[]> {
  const days = new Set<number>();
  for (const item of text.split(',').map((part) => part.trim())) {
    const match = /^([^\s-]+)(?:\s*-\s*([^\s-]+))?$/.exec(item);
    if (!match) return { ok: false, problem: `"${entry}": "${item}" is not a day or a range of days like "Mon-Fri"` };
    const [, firstName = '', lastName = firstName] = match;
    const first = dayNumber(firstName);
    if (first === 0) return notADay(entry, firstName);
    const last = dayNumber(lastName);
    if (last === 0) return notADay(entry, lastName);
    if (last < first) {
      const listed = [...DAY_NAMES.slice(first - 1), ...DAY_NAMES.slice(0, last)].join(',');
      return { ok: false, problem: `"${entry}": day ranges must go forward from Mon to Sun, so write "${listed}" instead of "${item}"` };
    }
    for (let day = first; day <= last; day++) days.add(day);
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

function notADay(entry: string, name: string): Parsed<never> {
  return { ok: false, problem: `"${entry}": "${name}" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun` };
}

/** 1 = Monday … 7 = Sunday, or 0 for anything else. */
function dayNumber(name: string): number {
  return DAY_NAMES.findIndex((day) => day.toLowerCase() === name.toLowerCase()) + 1;
}

/** Minutes since midnight of `HH:MM`, where 24:00 is the end of the day; null if it is not a time. */
function parseTime(text: string): number | null {
  const [hour = NaN, minute = NaN] = text.split(':').map(Number);
  if (hour > 24 || minute > 59 || (hour === 24 && minute !== 0)) return null;
  return hour * 60 + minute;
}

/** Open at this instant, in Copenhagen wall-clock time? Never on the municipality's closed days. */
export function isOpenAt(hours: OpeningHours, instant: Date): boolean {
  const time = instant.getTime();
  return openIntervalsOn(hours, copenhagenDate(instant)).some(({ opens, closes }) => opens <= time && time < closes);
}

/** The first instant at or after `instant` when it is open; null if there is none within about 400 days. */
export function nextOpening(hours: OpeningHours, instant: Date): Date | null {
  if (hours.ranges.length === 0) return null;
  const time = instant.getTime();
  let date = copenhagenDate(instant);
  for (let day = 0; day < SEARCH_DAYS; day++, date = addDays(date, 1)) {
    const interval = openIntervalsOn(hours, date).find(({ closes }) => time < closes);
    if (interval) return new Date(Math.max(interval.opens, time));
  }
  return null;
}

/** When the open period around `instant` ends; null if closed now. Back-to-back ranges, also across midnight, are one period. */
export function closesAt(hours: OpeningHours, instant: Date): Date | null {
  const time = instant.getTime();
  let date = copenhagenDate(instant);
  const current = openIntervalsOn(hours, date).find(({ opens, closes }) => opens <= time && time < closes);
  if (!current) return null;
  let closes = current.closes;
  for (let day = 0; day < SEARCH_DAYS; day++) {
    date = addDays(date, 1);
    const next = openIntervalsOn(hours, date)[0];
    if (!next || next.opens !== closes) break;
    closes = next.closes;
  }
  return new Date(closes);
}
