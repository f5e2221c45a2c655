import { describe, expect, it } from 'vitest';
import { closesAt, isOpenAt, nextOpening } from '../../../domain/calendar/opening-hours.js';
import { at, hours, officeHours } from './calendar-fixtures.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('isOpenAt', () => {
  it('is open from the opening minute up to, not including, the closing minute', () => {
    expect(isOpenAt(officeHours, at('2026-11-23', '07:59'))).toBe(false);
    expect(isOpenAt(officeHours, at('2026-11-23', '08:00'))).toBe(true);
    expect(isOpenAt(officeHours, at('2026-11-23', '15:59'))).toBe(true);
    expect(isOpenAt(officeHours, at('2026-11-23', '16:00'))).toBe(false);
    expect(isOpenAt(officeHours, new Date(at('2026-11-23', '16:00').getTime() - 1))).toBe(true);
  });

  it('is closed at weekends and on closed days', () => {
    expect(isOpenAt(officeHours, at('2026-11-21', '10:00'))).toBe(false); // Saturday
    expect(isOpenAt(officeHours, at('2026-11-22', '10:00'))).toBe(false); // Sunday
    expect(isOpenAt(officeHours, at('2026-12-25', '10:00'))).toBe(false); // Juledag, a Friday
    expect(isOpenAt(officeHours, at('2026-06-05', '10:00'))).toBe(false); // Grundlovsdag, a Friday
    expect(isOpenAt(officeHours, at('2023-05-05', '10:00'))).toBe(false); // Store bededag 2023
    expect(isOpenAt(officeHours, at('2024-04-26', '10:00'))).toBe(true); // no Store bededag from 2024
  });

  it('uses Copenhagen wall-clock time in summer and winter', () => {
    expect(isOpenAt(officeHours, new Date('2026-07-01T06:00:00Z'))).toBe(true); // 08:00 CEST
    expect(isOpenAt(officeHours, new Date('2026-07-01T14:00:00Z'))).toBe(false); // 16:00 CEST
    expect(isOpenAt(officeHours, new Date('2026-01-14T07:00:00Z'))).toBe(true); // 08:00 CET
    expect(isOpenAt(officeHours, new Date('2026-01-14T06:59:00Z'))).toBe(false);
  });
});

describe('nextOpening', () => {
  it('is the instant itself when open, and later the same day before opening', () => {
    const open = at('2026-11-23', '10:17');
    expect(iso(nextOpening(officeHours, open))).toBe(iso(open));
    expect(iso(nextOpening(officeHours, at('2026-11-23', '06:00')))).toBe(iso(at('2026-11-23', '08:00')));
  });

  it('skips the night and the weekend', () => {
    expect(iso(nextOpening(officeHours, at('2026-11-23', '16:00')))).toBe(iso(at('2026-11-24', '08:00')));
    expect(iso(nextOpening(officeHours, at('2026-11-20', '17:00')))).toBe(iso(at('2026-11-23', '08:00')));
  });

  it('skips Easter', () => {
    // Wednesday 1 April 2026 17:00 → Skærtorsdag, Langfredag, the weekend and 2. påskedag → Tuesday 7 April.
    expect(iso(nextOpening(officeHours, at('2026-04-01', '17:00')))).toBe('2026-04-07T06:00:00.000Z');
  });

  it('skips Christmas and the new year', () => {
    // Wednesday 23 December 2026 16:00 → 24th (agreed), 25th, weekend → Monday 28th.
    expect(iso(nextOpening(officeHours, at('2026-12-23', '16:00')))).toBe('2026-12-28T07:00:00.000Z');
    // Wednesday 30 December 2026 16:00 → 31st (agreed), 1 January (Friday), weekend → Monday 4 January 2027.
    expect(iso(nextOpening(officeHours, at('2026-12-30', '16:00')))).toBe('2027-01-04T07:00:00.000Z');
  });

  it('finds hours on one day a week', () => {
    expect(iso(nextOpening(hours('Sat 10:00-12:00'), at('2026-11-23', '09:00')))).toBe(iso(at('2026-11-28', '10:00')));
  });

  it('is null when there are no opening hours', () => {
    expect(nextOpening({ ranges: [] }, at('2026-11-23', '09:00'))).toBeNull();
  });
});

describe('closesAt', () => {
  it('is the end of the current period, or null when closed', () => {
    expect(iso(closesAt(officeHours, at('2026-11-23', '10:00')))).toBe(iso(at('2026-11-23', '16:00')));
    expect(iso(closesAt(officeHours, at('2026-11-23', '08:00')))).toBe(iso(at('2026-11-23', '16:00')));
    expect(closesAt(officeHours, at('2026-11-23', '16:00'))).toBeNull();
    expect(closesAt(officeHours, at('2026-11-22', '10:00'))).toBeNull();
    expect(closesAt(officeHours, at('2026-12-24', '10:00'))).toBeNull();
  });

  it('treats back-to-back and overlapping ranges as one period, but not ranges with a gap', () => {
    expect(iso(closesAt(hours('Mon-Fri 08:00-12:00, Mon-Fri 12:00-16:00'), at('2026-11-23', '09:00')))).toBe(iso(at('2026-11-23', '16:00')));
    expect(iso(closesAt(hours('Mon 08:00-13:00, Mon-Fri 12:00-16:00'), at('2026-11-23', '09:00')))).toBe(iso(at('2026-11-23', '16:00')));
    expect(iso(closesAt(hours('Mon-Fri 08:00-12:00, Mon-Fri 13:00-16:00'), at('2026-11-23', '09:00')))).toBe(iso(at('2026-11-23', '12:00')));
  });

  it('carries a period on over midnight', () => {
    const evenings = hours('Mon 18:00-24:00, Tue 00:00-06:00');
    expect(iso(closesAt(evenings, at('2026-11-23', '20:00')))).toBe(iso(at('2026-11-24', '06:00')));
    expect(isOpenAt(evenings, at('2026-11-24', '00:00'))).toBe(true);
  });

  it('counts real time on a DST Sunday', () => {
    expect(iso(closesAt(hours('Sun 00:00-24:00'), at('2026-03-29', '12:00')))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(closesAt(hours('Sun 00:00-24:00'), at('2026-10-25', '12:00')))).toBe('2026-10-25T23:00:00.000Z');
  });
});
