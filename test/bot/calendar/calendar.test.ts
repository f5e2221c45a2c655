import { describe, expect, it } from 'vitest';
import { fromCopenhagen, toCopenhagen } from '../../../bot/calendar/copenhagen-time.js';
import { danishPublicHolidays, isClosedDay } from '../../../bot/calendar/danish-holidays.js';
import { DEFAULT_OPENING_HOURS, isOpenAt, nextOpening, parseOpeningHours, type OpeningHours } from '../../../bot/calendar/opening-hours.js';
import { addWorkingTime, workingTimeBetween } from '../../../bot/calendar/working-time.js';

const hours = (text: string): OpeningHours => {
  const parsed = parseOpeningHours(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
};
const office = hours(DEFAULT_OPENING_HOURS);
const iso = (date: Date) => date.toISOString();

describe('Danish holidays', () => {
  it('dates Easter by the computus', () => {
    for (const [year, easter] of [[2024, '2024-03-31'], [2025, '2025-04-20'], [2026, '2026-04-05'], [2027, '2027-03-28'], [2038, '2038-04-25']] as const) {
      expect(danishPublicHolidays(year).get(easter), String(year)).toBe('Påskedag');
    }
  });

  it('has Store bededag until 2023 only, and the municipality closed on Grundlovsdag and 24 and 31 December', () => {
    expect([...danishPublicHolidays(2023).values()]).toContain('Store bededag');
    expect([...danishPublicHolidays(2024).values()]).not.toContain('Store bededag');
    expect(isClosedDay('2026-06-05')).toBe('Grundlovsdag');
    expect(isClosedDay('2026-12-24')).toBe('Juleaftensdag');
    expect(isClosedDay('2026-05-14')).toBe('Kristi himmelfartsdag');
    expect(isClosedDay('2026-05-15')).toBeNull();
  });
});

describe('Copenhagen time', () => {
  it('converts across the daylight-saving changes', () => {
    expect(iso(fromCopenhagen('2026-03-28', 8 * 60))).toBe('2026-03-28T07:00:00.000Z');
    expect(iso(fromCopenhagen('2026-03-30', 8 * 60))).toBe('2026-03-30T06:00:00.000Z');
    expect(iso(fromCopenhagen('2026-03-29', 150))).toBe('2026-03-29T01:30:00.000Z'); // 02:30 does not exist: 03:30 CEST
    expect(iso(fromCopenhagen('2026-10-25', 150))).toBe('2026-10-25T00:30:00.000Z'); // 02:30 happens twice: the first
    expect(iso(fromCopenhagen('2026-11-23', 24 * 60))).toBe('2026-11-23T23:00:00.000Z');
    expect(toCopenhagen(new Date('2026-10-25T01:30:00Z'))).toMatchObject({ hour: 2, minute: 30, weekday: 7 });
  });
});

describe('opening hours', () => {
  it('parses ranges, several per text, and 24:00 as an end', () => {
    expect(hours('Mon-Thu 08:00-15:30, Fri 08:00-14:00').ranges).toEqual([
      { days: [1, 2, 3, 4], fromMinute: 480, toMinute: 930 },
      { days: [5], fromMinute: 480, toMinute: 840 },
    ]);
    expect(hours('sat 10:00-24:00').ranges[0]).toEqual({ days: [6], fromMinute: 600, toMinute: 1440 });
  });

  it('explains what is wrong with a bad text', () => {
    expect(parseOpeningHours('Fri 16:00-08:00')).toEqual({ ok: false, problem: '"Fri 16:00-08:00": the closing time must be after the opening time' });
    expect(parseOpeningHours('Fri-Mon 08:00-16:00')).toEqual({ ok: false, problem: '"Fri-Mon 08:00-16:00": a day range must go forward (Mon-Fri, not Fri-Mon)' });
    expect(parseOpeningHours('Man-Fre 08:00-16:00').ok).toBe(false);
    expect(parseOpeningHours('Mon 8-16').ok).toBe(false);
    expect(parseOpeningHours('Mon 08:00-25:00').ok).toBe(false);
  });

  it('is open from the opening minute up to (not including) the closing minute, and closed on holidays', () => {
    expect(isOpenAt(office, fromCopenhagen('2026-11-23', 8 * 60))).toBe(true);
    expect(isOpenAt(office, fromCopenhagen('2026-11-23', 16 * 60))).toBe(false);
    expect(isOpenAt(office, fromCopenhagen('2026-11-22', 10 * 60))).toBe(false); // Sunday
    expect(isOpenAt(office, fromCopenhagen('2026-12-25', 10 * 60))).toBe(false);
  });

  it('finds the next opening over Easter', () => {
    // Wednesday 1 April 2026 17:00 → Skærtorsdag, Langfredag, weekend, 2. påskedag → Tuesday 7 April 08:00.
    expect(iso(nextOpening(office, fromCopenhagen('2026-04-01', 17 * 60))!)).toBe(iso(fromCopenhagen('2026-04-07', 8 * 60)));
  });
});

describe('working time', () => {
  it('skips nights, weekends and holidays, and keeps 8 real hours on days after a DST change', () => {
    // Friday 27 March 2026 15:00 CET + 2 h → Monday 30 March 09:00 CEST.
    expect(iso(addWorkingTime(fromCopenhagen('2026-03-27', 15 * 60), 2 * 3_600_000, office))).toBe('2026-03-30T07:00:00.000Z');
    // Friday 23 October 2026 15:00 CEST + 2 h → Monday 26 October 09:00 CET.
    expect(iso(addWorkingTime(fromCopenhagen('2026-10-23', 15 * 60), 2 * 3_600_000, office))).toBe('2026-10-26T08:00:00.000Z');
    // Starting outside hours counts from the next opening; zero is the next opening.
    expect(iso(addWorkingTime(fromCopenhagen('2026-11-21', 12 * 60), 0, office))).toBe(iso(fromCopenhagen('2026-11-23', 8 * 60)));
  });

  it('agrees with workingTimeBetween', () => {
    const start = fromCopenhagen('2026-12-22', 14 * 60);
    const end = addWorkingTime(start, 11 * 3_600_000, office);
    expect(iso(end)).toBe(iso(fromCopenhagen('2026-12-28', 9 * 60))); // 2 h on the 22nd, 8 on the 23rd, 24–27 closed, 1 on the 28th
    expect(workingTimeBetween(start, end, office)).toBe(11 * 3_600_000);
  });
});
