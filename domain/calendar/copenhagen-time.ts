import { COPENHAGEN } from '../dates/iso-date.js';

// One definition of the Copenhagen date and of date arithmetic, shared with the rest of the bot.
export { addDays, COPENHAGEN, copenhagenDate } from '../dates/iso-date.js';

/** A Copenhagen wall-clock reading. `weekday` is 1 = Monday … 7 = Sunday. */
export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: COPENHAGEN,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

export function toCopenhagen(instant: Date): WallClock {
  const wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of wallClockFormat.formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof typeof wall] = Number(part.value);
  }
  return { ...wall, weekday: new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() || 7 };
}

/** The day of the week of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(midnightUtc(date)).getUTCDay() || 7;
}

/**
 * The instant at which Copenhagen clocks show `minutesSinceMidnight` on `date`; `24 * 60` is the next day's midnight.
 *
 * Daylight saving makes some wall-clock times special:
 * - 02:00–02:59 on the last Sunday of March does not exist; any of them gives the instant the clocks jump to 03:00 CEST.
 * - 02:00–02:59 on the last Sunday of October happens twice; the earlier (CEST) instant is returned.
 */
export function fromCopenhagen(date: string, minutesSinceMidnight: number): Date {
  if (!Number.isInteger(minutesSinceMidnight) || minutesSinceMidnight < 0 || minutesSinceMidnight > 24 * 60) {
    throw new RangeError(`fromCopenhagen: ${minutesSinceMidnight} is not a minute of the day (0 to 1440)`);
  }
  const wall = midnightUtc(date) + minutesSinceMidnight * MINUTE;
  // Copenhagen is UTC+2 in summer and UTC+1 in winter (and has been since 1894). Summer time first gives the earlier of two readings.
  const summer = wall - 2 * HOUR;
  if (wallClockAsUtc(summer) === wall) return new Date(summer);
  const winter = wall - HOUR;
  if (wallClockAsUtc(winter) === wall) return new Date(winter);
  // Neither offset shows this time, so it lies in the spring-forward gap: the clocks jumped somewhere in (summer, winter].
  let before = summer;
  let after = winter;
  while (after - before > MINUTE) {
    const middle = before + Math.floor((after - before) / (2 * MINUTE)) * MINUTE;
    if (wallClockAsUtc(middle) - middle === HOUR) before = middle;
    else after = middle;
  }
  return new Date(after);
}

function midnightUtc(date: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; the round trip catches that as well as malformed text.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  }
  return midnight;
}

/** The Copenhagen wall-clock reading of an instant, written as if it were UTC (so the difference is the UTC offset). */
function wallClockAsUtc(instant: number): number {
  const { year, month, day, hour, minute } = toCopenhagen(new Date(instant));
  return Date.UTC(year, month - 1, day, hour, minute);
}
