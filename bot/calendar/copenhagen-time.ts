export const COPENHAGEN = 'Europe/Copenhagen';

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; weekday: number /* 1 = Monday … 7 = Sunday */ };

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: COPENHAGEN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

export function toCopenhagen(instant: Date): WallClock {
  const map = Object.fromEntries(parts.formatToParts(instant).map((part) => [part.type, part.value]));
  return { year: Number(map.year), month: Number(map.month), day: Number(map.day), hour: Number(map.hour), minute: Number(map.minute), weekday: WEEKDAYS[map.weekday!]! };
}

export function copenhagenDate(instant: Date): string {
  const wall = toCopenhagen(instant);
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The instant of a Copenhagen wall-clock time (`24*60` = next midnight). A time in the spring-forward gap gives
 * the instant the clocks jump to; an ambiguous autumn time gives the earlier (summer-time) instant.
 */
export function fromCopenhagen(date: string, minutesSinceMidnight: number): Date {
  const utcGuess = Date.parse(`${date}T00:00:00Z`) + minutesSinceMidnight * 60_000;
  // Copenhagen is UTC+1 or UTC+2: try summer time first (earlier instant), then winter time.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(utcGuess - offsetHours * 3_600_000);
    const wall = toCopenhagen(candidate);
    const wallMinutes = Date.UTC(wall.year, wall.month - 1, wall.day) / 60_000 + wall.hour * 60 + wall.minute;
    if (wallMinutes === utcGuess / 60_000) return candidate;
  }
  // In the spring gap neither offset reproduces the wall time: the clocks jump from 02:00 CET to 03:00 CEST.
  return new Date(utcGuess - 1 * 3_600_000);
}
