import { describe, expect, it } from 'vitest';
import { addDays, COPENHAGEN, copenhagenDate, fromCopenhagen, toCopenhagen, weekdayOf } from '../../../domain/calendar/copenhagen-time.js';

const iso = (date: Date) => date.toISOString();
const wall = (utc: string) => toCopenhagen(new Date(utc));

describe('toCopenhagen', () => {
  it('reads winter (UTC+1) and summer (UTC+2) time, with 1 = Monday … 7 = Sunday', () => {
    expect(COPENHAGEN).toBe('Europe/Copenhagen');
    expect(wall('2026-01-15T12:00:00Z')).toEqual({ year: 2026, month: 1, day: 15, hour: 13, minute: 0, weekday: 4 });
    expect(wall('2026-07-01T12:05:00Z')).toEqual({ year: 2026, month: 7, day: 1, hour: 14, minute: 5, weekday: 3 });
    expect(wall('2026-03-22T10:00:00Z')).toMatchObject({ weekday: 7 });
    expect(wall('2026-03-23T10:00:00Z')).toMatchObject({ weekday: 1 });
  });

  it('calls midnight hour 0 of the new day, also across the new year', () => {
    expect(wall('2026-01-14T23:00:00Z')).toEqual({ year: 2026, month: 1, day: 15, hour: 0, minute: 0, weekday: 4 });
    expect(wall('2025-12-31T23:00:00Z')).toEqual({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, weekday: 4 });
  });

  it('jumps from 01:59 to 03:00 at the spring change (2026-03-29 01:00Z)', () => {
    expect(wall('2026-03-29T00:59:00Z')).toMatchObject({ day: 29, hour: 1, minute: 59 });
    expect(wall('2026-03-29T01:00:00Z')).toMatchObject({ day: 29, hour: 3, minute: 0 });
  });

  it('shows 02:00–02:59 twice at the autumn change (2026-10-25 01:00Z)', () => {
    expect(wall('2026-10-25T00:30:00Z')).toMatchObject({ day: 25, hour: 2, minute: 30, weekday: 7 });
    expect(wall('2026-10-25T00:59:00Z')).toMatchObject({ hour: 2, minute: 59 });
    expect(wall('2026-10-25T01:00:00Z')).toMatchObject({ hour: 2, minute: 0 });
    expect(wall('2026-10-25T01:30:00Z')).toMatchObject({ hour: 2, minute: 30 });
    expect(wall('2026-10-25T02:00:00Z')).toMatchObject({ hour: 3, minute: 0 });
  });
});

describe('fromCopenhagen', () => {
  it('gives the instant of an ordinary wall-clock time, with 24:00 as the next midnight', () => {
    expect(iso(fromCopenhagen('2026-01-15', 13 * 60))).toBe('2026-01-15T12:00:00.000Z');
    expect(iso(fromCopenhagen('2026-07-01', 14 * 60 + 5))).toBe('2026-07-01T12:05:00.000Z');
    expect(iso(fromCopenhagen('2026-11-23', 0))).toBe('2026-11-22T23:00:00.000Z');
    expect(iso(fromCopenhagen('2026-11-23', 24 * 60))).toBe('2026-11-23T23:00:00.000Z');
    expect(iso(fromCopenhagen('2026-06-30', 24 * 60))).toBe('2026-06-30T22:00:00.000Z');
  });

  it('maps the non-existent spring hour to the instant the clocks jump to 03:00 CEST', () => {
    expect(iso(fromCopenhagen('2026-03-29', 119))).toBe('2026-03-29T00:59:00.000Z'); // 01:59 CET still exists
    for (const minute of [120, 150, 179]) expect(iso(fromCopenhagen('2026-03-29', minute)), String(minute)).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(fromCopenhagen('2026-03-29', 180))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(fromCopenhagen('2026-03-29', 181))).toBe('2026-03-29T01:01:00.000Z');
  });

  it('maps the ambiguous autumn hour to its first (CEST) occurrence', () => {
    expect(iso(fromCopenhagen('2026-10-25', 119))).toBe('2026-10-24T23:59:00.000Z');
    expect(iso(fromCopenhagen('2026-10-25', 120))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(fromCopenhagen('2026-10-25', 150))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(fromCopenhagen('2026-10-25', 179))).toBe('2026-10-25T00:59:00.000Z');
    expect(iso(fromCopenhagen('2026-10-25', 180))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('makes the DST Sundays 23 and 25 hours long', () => {
    const length = (date: string) => (fromCopenhagen(date, 24 * 60).getTime() - fromCopenhagen(date, 0).getTime()) / 3_600_000;
    expect([length('2026-03-28'), length('2026-03-29'), length('2026-10-25'), length('2026-10-26')]).toEqual([24, 23, 25, 24]);
  });

  it('round-trips with toCopenhagen for every quarter hour around both changes', () => {
    for (const date of ['2026-03-28', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31']) {
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const inGap = date.endsWith('-03-29') || date === '2027-03-28' ? minute >= 120 && minute < 180 : false;
        if (inGap) continue;
        const { hour, minute: minuteOfHour } = toCopenhagen(fromCopenhagen(date, minute));
        expect(hour * 60 + minuteOfHour, `${date} ${minute}`).toBe(minute);
        expect(copenhagenDate(fromCopenhagen(date, minute)), `${date} ${minute}`).toBe(date);
      }
    }
  });

  it('refuses dates that do not exist and minutes outside the day', () => {
    expect(() => fromCopenhagen('2026-02-29', 0)).toThrow(RangeError);
    expect(() => fromCopenhagen('2026-3-1', 0)).toThrow('"2026-3-1" is not a date');
    expect(() => fromCopenhagen('2026-03-01', 24 * 60 + 1)).toThrow(RangeError);
    expect(() => fromCopenhagen('2026-03-01', -1)).toThrow(RangeError);
    expect(() => fromCopenhagen('2026-03-01', 7.5)).toThrow(RangeError);
  });
});

describe('Copenhagen dates', () => {
  it('uses the Copenhagen calendar day, not the UTC one', () => {
    expect(copenhagenDate(new Date('2025-12-31T22:59:59Z'))).toBe('2025-12-31');
    expect(copenhagenDate(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
    expect(copenhagenDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(copenhagenDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  // The last minute's answer is kept: asked again and again, back and forth across midnight, it stays right.
  it('answers repeated and alternating instants around midnight, and refuses an invalid Date', () => {
    const asked = ['22:59:00.000', '22:59:59.999', '23:00:00.000', '22:59:30.000', '23:00:59.999', '23:00:00.001', '22:59:00.000'];
    expect(asked.map((time) => copenhagenDate(new Date(`2025-12-31T${time}Z`)))).toEqual(['2025-12-31', '2025-12-31', '2026-01-01', '2025-12-31', '2026-01-01', '2026-01-01', '2025-12-31']);
    expect(() => copenhagenDate(new Date('not a date'))).toThrow(RangeError);
    expect(copenhagenDate(new Date('2025-12-31T22:59:10Z'))).toBe('2025-12-31');
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
  });

  it('knows the weekday of a date', () => {
    expect(['2026-03-29', '2026-03-30', '2024-02-29', '2026-12-24'].map(weekdayOf)).toEqual([7, 1, 4, 4]);
  });
});
