import { describe, expect, it } from 'vitest';
import { nextOccurrence, nextWorkingDay, occurrenceDate, recurrenceSchema, type Recurrence } from '../../../bot/announcements/recurrence.js';

const rule = (value: Record<string, unknown>): Recurrence => recurrenceSchema.parse(value);
const quarterly = rule({ every_months: 3, week: 'first', weekday: 'tuesday', time: '09:00' });

/** All sends from `after` on, up to `count`. */
function sends(recurrence: Recurrence, anchor: { year: number; month: number }, after: string, count: number): string[] {
  const found: string[] = [];
  let from = new Date(after);
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(recurrence, anchor, from);
    if (!next) break;
    found.push(next.toISOString());
    from = next;
  }
  return found;
}

describe('recurring sends', () => {
  it('every third month on the first Tuesday at 09:00 Copenhagen time, across both daylight-saving changes', () => {
    // 2027: 5 Jan (winter, UTC+1), 6 Apr and 6 Jul (summer, UTC+2), 5 Oct (summer; clocks go back on 31 Oct), 4 Jan 2028.
    expect(sends(quarterly, { year: 2027, month: 1 }, '2026-12-31T12:00:00Z', 5)).toEqual([
      '2027-01-05T08:00:00.000Z',
      '2027-04-06T07:00:00.000Z',
      '2027-07-06T07:00:00.000Z',
      '2027-10-05T07:00:00.000Z',
      '2028-01-04T08:00:00.000Z',
    ]);
  });

  it('months are counted from the anchor, not from the calendar year', () => {
    expect(sends(quarterly, { year: 2027, month: 2 }, '2027-01-01T00:00:00Z', 3)).toEqual(['2027-02-02T08:00:00.000Z', '2027-05-04T07:00:00.000Z', '2027-08-03T07:00:00.000Z']);
  });

  it('a send on a public holiday moves to the next working day, keeping the time', () => {
    // Easter Monday 2027 is 29 March, the last Monday of March, and the first day after the clocks went forward.
    const lastMonday = rule({ every_months: 1, week: 'last', weekday: 'monday', time: '09:00' });
    expect(occurrenceDate(lastMonday, 2027, 3)).toBe('2027-03-30');
    expect(nextOccurrence(lastMonday, { year: 2027, month: 3 }, new Date('2027-03-01T00:00:00Z'))?.toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });

  it('"the first working day" skips New Year, weekends and the municipality’s closed days', () => {
    const firstWorkingDay = rule({ every_months: 1, day: 1, time: '08:00' });
    expect(occurrenceDate(firstWorkingDay, 2027, 1)).toBe('2027-01-04'); // 1 Jan holiday (Friday), then a weekend
    expect(occurrenceDate(firstWorkingDay, 2026, 11)).toBe('2026-11-02'); // 1 Nov 2026 is a Sunday
    expect(occurrenceDate(firstWorkingDay, 2027, 6)).toBe('2027-06-01'); // an ordinary Tuesday
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-28'); // Christmas Eve (closed), Christmas, Boxing Day, weekend
  });

  it('the clocks change on a Sunday, and Sunday sends move to Monday, so no send falls in the hour that does not exist', () => {
    const lastSunday = rule({ every_months: 1, week: 'last', weekday: 'sunday', time: '02:30' });
    // 29 March 2026: clocks go forward at 02:00; the send moves to Monday 30 March, 02:30 summer time.
    expect(occurrenceDate(lastSunday, 2026, 3)).toBe('2026-03-30');
    expect(nextOccurrence(lastSunday, { year: 2026, month: 3 }, new Date('2026-03-01T00:00:00Z'))?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });

  it('stops after "until"', () => {
    const limited = rule({ every_months: 3, week: 'first', weekday: 'tuesday', time: '09:00', until: '2027-07-06' });
    expect(sends(limited, { year: 2027, month: 1 }, '2026-12-31T12:00:00Z', 10)).toHaveLength(3);
  });

  it('after downtime, the next send is the first one after now: missed sends are not repeated', () => {
    expect(nextOccurrence(quarterly, { year: 2027, month: 1 }, new Date('2027-09-01T00:00:00Z'))?.toISOString()).toBe('2027-10-05T07:00:00.000Z');
  });

  it.each([
    [{ every_months: 0, day: 1, time: '09:00' }, 'every_months must be 1 to 12'],
    [{ every_months: 3, day: 31, time: '09:00' }, 'day must be 1 to 28'],
    [{ every_months: 3, time: '09:00' }, 'give either day (1–28) or week and weekday'],
    [{ every_months: 3, day: 1, week: 'first', weekday: 'monday', time: '09:00' }, 'not both'],
    [{ every_months: 3, week: 'first', time: '09:00' }, 'week and weekday go together'],
    [{ every_months: 3, week: 'fifth', weekday: 'monday', time: '09:00' }, 'week must be one of first, second, third, fourth, last'],
    [{ every_months: 3, day: 1, time: '9' }, 'time must be HH:MM'],
    [{ every_months: 3, day: 1, time: '09:00', every: 2 }, 'Unrecognized key'],
  ])('refuses %j with a readable message', (value, message) => {
    const parsed = recurrenceSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.message).join(' | ')).toContain(message);
  });
});
