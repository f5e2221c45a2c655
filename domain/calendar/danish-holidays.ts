import { addDays } from './copenhagen-time.js';

/** Easter Sunday by the Gregorian computus (the anonymous, or Meeus/Jones/Butcher, algorithm). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Denmark's public holidays (helligdage) in a year, date → Danish name, in date order. */
export function danishPublicHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  const days: [string, string][] = [
    [`${year}-01-01`, 'Nytårsdag'],
    [addDays(easter, -3), 'Skærtorsdag'],
    [addDays(easter, -2), 'Langfredag'],
    [easter, 'Påskedag'],
    [addDays(easter, 1), '2. påskedag'],
    [addDays(easter, 39), 'Kristi himmelfartsdag'],
    [addDays(easter, 49), 'Pinsedag'],
    [addDays(easter, 50), '2. pinsedag'],
    [`${year}-12-25`, 'Juledag'],
    [`${year}-12-26`, '2. juledag'],
  ];
  // Store bededag (the fourth Friday after Easter) was abolished as a public holiday from 2024.
  if (year <= 2023) days.push([addDays(easter, 26), 'Store bededag']);
  return new Map(days.sort(([a], [b]) => a.localeCompare(b)));
}

const closedDaysByYear = new Map<number, ReadonlyMap<string, string>>();

function closedDays(year: number): ReadonlyMap<string, string> {
  let days = closedDaysByYear.get(year);
  if (!days) {
    const agreed: [string, string][] = [[`${year}-06-05`, 'Grundlovsdag'], [`${year}-12-24`, 'Juleaftensdag'], [`${year}-12-31`, 'Nytårsaftensdag']];
    const holidays = danishPublicHolidays(year);
    // Grundlovsdag sometimes falls on Whitsun (Pinsedag in 2022); the public holiday's name wins.
    days = new Map([...holidays, ...agreed.filter(([date]) => !holidays.has(date))].sort(([a], [b]) => a.localeCompare(b)));
    closedDaysByYear.set(year, days);
  }
  return days;
}

/** The public holidays plus the days Copenhagen Municipality's offices are closed by agreement, date → Danish name. */
export function municipalClosedDays(year: number): Map<string, string> {
  // A copy, so a caller cannot change the cached days that isClosedDay reads.
  return new Map(closedDays(year));
}

/** The name of the day if the municipality's offices are closed on `date` (YYYY-MM-DD), else null. */
export function isClosedDay(date: string): string | null {
  return closedDays(Number(date.slice(0, 4))).get(date) ?? null;
}
