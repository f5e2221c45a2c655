import { describe, expect, it } from 'vitest';
import { addWorkingTime, workingTimeBetween } from '../../../domain/calendar/working-time.js';
import { at, HOUR, hours, officeHours } from './calendar-fixtures.js';

const iso = (date: Date) => date.toISOString();
const everyDay = hours('Mon-Sun 08:00-16:00');

describe('addWorkingTime', () => {
  it('counts within a day, and starts at the opening when begun before it', () => {
    expect(iso(addWorkingTime(at('2026-11-23', '10:00'), 3 * HOUR, officeHours))).toBe(iso(at('2026-11-23', '13:00')));
    expect(iso(addWorkingTime(at('2026-11-23', '06:00'), HOUR, officeHours))).toBe(iso(at('2026-11-23', '09:00')));
  });

  it('carries over the night and the weekend', () => {
    expect(iso(addWorkingTime(at('2026-11-23', '15:00'), 2 * HOUR, officeHours))).toBe(iso(at('2026-11-24', '09:00')));
    expect(iso(addWorkingTime(at('2026-11-20', '15:00'), 2 * HOUR, officeHours))).toBe('2026-11-23T08:00:00.000Z');
    expect(iso(addWorkingTime(at('2026-11-21', '12:00'), 2 * HOUR, officeHours))).toBe(iso(at('2026-11-23', '10:00')));
    expect(iso(addWorkingTime(at('2026-11-23', '08:00'), 40 * HOUR, officeHours))).toBe(iso(at('2026-11-27', '16:00')));
  });

  it('skips a Monday holiday', () => {
    // Friday 22 May 2026 15:00 + 2 h; Monday 25 May is 2. pinsedag → Tuesday 26 May 09:00 CEST.
    expect(iso(addWorkingTime(at('2026-05-22', '15:00'), 2 * HOUR, officeHours))).toBe('2026-05-26T07:00:00.000Z');
  });

  it('skips Christmas', () => {
    // 2 h on the 22nd, 8 on the 23rd, closed 24–27, 1 on Monday the 28th.
    expect(iso(addWorkingTime(at('2026-12-22', '14:00'), 11 * HOUR, officeHours))).toBe(iso(at('2026-12-28', '09:00')));
  });

  it('stays on the wall clock across the DST weekends', () => {
    // Friday 27 March 2026 15:00 CET + 2 h → Monday 30 March 09:00 CEST.
    expect(iso(addWorkingTime(at('2026-03-27', '15:00'), 2 * HOUR, officeHours))).toBe('2026-03-30T07:00:00.000Z');
    // Friday 23 October 2026 15:00 CEST + 2 h → Monday 26 October 09:00 CET.
    expect(iso(addWorkingTime(at('2026-10-23', '15:00'), 2 * HOUR, officeHours))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('gives a DST Sunday 8 real working hours', () => {
    // Saturday 15:00 + 9 h: 1 h on Saturday and all 8 on Sunday.
    expect(iso(addWorkingTime(at('2026-03-28', '15:00'), 9 * HOUR, everyDay))).toBe('2026-03-29T14:00:00.000Z'); // 16:00 CEST
    expect(iso(addWorkingTime(at('2026-10-24', '15:00'), 9 * HOUR, everyDay))).toBe('2026-10-25T15:00:00.000Z'); // 16:00 CET
    expect(iso(addWorkingTime(at('2026-03-28', '15:00'), 9 * HOUR + 1, everyDay))).toBe(iso(new Date(at('2026-03-30', '08:00').getTime() + 1)));
  });

  it('with zero duration, gives the start if open, else the next opening', () => {
    const open = at('2026-11-23', '11:11');
    expect(iso(addWorkingTime(open, 0, officeHours))).toBe(iso(open));
    expect(iso(addWorkingTime(at('2026-11-21', '12:00'), 0, officeHours))).toBe(iso(at('2026-11-23', '08:00')));
    expect(iso(addWorkingTime(at('2026-11-23', '16:00'), 0, officeHours))).toBe(iso(at('2026-11-24', '08:00')));
  });

  it('ends at the closing time when the time runs out exactly then', () => {
    expect(iso(addWorkingTime(at('2026-11-23', '14:00'), 2 * HOUR, officeHours))).toBe(iso(at('2026-11-23', '16:00')));
  });

  it('skips a lunch break', () => {
    const withLunch = hours('Mon-Fri 08:00-12:00, Mon-Fri 13:00-16:00');
    expect(iso(addWorkingTime(at('2026-11-23', '11:00'), 2 * HOUR, withLunch))).toBe(iso(at('2026-11-23', '14:00')));
  });

  it('refuses negative durations and gives up beyond about five years', () => {
    expect(() => addWorkingTime(at('2026-11-23', '10:00'), -1, officeHours)).toThrow(RangeError);
    expect(() => addWorkingTime(at('2026-11-23', '10:00'), Number.NaN, officeHours)).toThrow(RangeError);
    expect(() => addWorkingTime(at('2026-11-23', '10:00'), HOUR, { ranges: [] })).toThrow(/five years/);
    expect(() => addWorkingTime(at('2026-11-23', '10:00'), 6 * 52 * 40 * HOUR, officeHours)).toThrow(/five years/);
    expect(addWorkingTime(at('2026-11-23', '10:00'), 4 * 52 * 40 * HOUR, officeHours).getTime()).toBeGreaterThan(at('2030-11-01', '00:00').getTime());
  });
});

describe('workingTimeBetween', () => {
  it('counts open time in [from, to)', () => {
    expect(workingTimeBetween(at('2026-11-23', '00:00'), at('2026-11-24', '00:00'), officeHours)).toBe(8 * HOUR);
    expect(workingTimeBetween(at('2026-11-23', '10:00'), at('2026-11-23', '10:30'), officeHours)).toBe(HOUR / 2);
    expect(workingTimeBetween(at('2026-11-23', '00:00'), at('2026-11-30', '00:00'), officeHours)).toBe(40 * HOUR);
    // 21–23 December open, 24–25 closed, then the weekend.
    expect(workingTimeBetween(at('2026-12-21', '00:00'), at('2026-12-28', '00:00'), officeHours)).toBe(24 * HOUR);
    expect(workingTimeBetween(at('2026-11-21', '00:00'), at('2026-11-23', '00:00'), officeHours)).toBe(0);
  });

  it('is 0 for an empty or reversed period', () => {
    expect(workingTimeBetween(at('2026-11-23', '10:00'), at('2026-11-23', '10:00'), officeHours)).toBe(0);
    expect(workingTimeBetween(at('2026-11-23', '12:00'), at('2026-11-23', '10:00'), officeHours)).toBe(0);
  });

  it('counts real hours on DST days', () => {
    const allDay = hours('Sun 00:00-24:00');
    expect(workingTimeBetween(at('2026-03-29', '00:00'), at('2026-03-30', '00:00'), allDay)).toBe(23 * HOUR);
    expect(workingTimeBetween(at('2026-10-25', '00:00'), at('2026-10-26', '00:00'), allDay)).toBe(25 * HOUR);
    expect(workingTimeBetween(at('2026-03-29', '00:00'), at('2026-03-30', '00:00'), everyDay)).toBe(8 * HOUR);
  });

  it('refuses periods longer than about five years', () => {
    expect(() => workingTimeBetween(at('2026-01-01', '00:00'), at('2032-01-01', '00:00'), officeHours)).toThrow(RangeError);
  });

  it('agrees with addWorkingTime over a year of starts and durations', () => {
    const durations = [0, 1, 15 * 60_000, 2 * HOUR, 7 * HOUR + 59 * 60_000, 8 * HOUR, 11 * HOUR, 41 * HOUR];
    const withLunch = hours('Mon-Thu 08:00-12:00, Mon-Thu 12:30-15:30, Fri 08:00-14:00');
    let start = at('2026-01-01', '00:00').getTime();
    for (let sample = 0; sample < 500; sample++, start += 17 * HOUR + 23 * 60_000) {
      for (const [index, schedule] of [officeHours, withLunch].entries()) {
        const duration = durations[sample % durations.length]!;
        const end = addWorkingTime(new Date(start), duration, schedule);
        expect(workingTimeBetween(new Date(start), end, schedule), `${new Date(start).toISOString()} + ${duration} (${index})`).toBe(duration);
      }
    }
  });
});
