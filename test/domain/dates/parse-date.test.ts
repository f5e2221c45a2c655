import { describe, expect, it } from 'vitest';
import { addDays, copenhagenDate } from '../../../domain/dates/iso-date.js';
import { parseDate, parseSpokenDate } from '../../../domain/dates/parse-date.js';

describe('dates', () => {
  it.each([
    ['2025-01-31', '2025-01-31'],
    ['31-01-2025', '2025-01-31'],
    ['31.01.2025', '2025-01-31'],
    ['1/2/2025', '2025-02-01'],
  ])('reads %s', (text, iso) => {
    expect(parseDate(text)).toEqual({ ok: true, date: iso });
  });

  it('refuses dates that do not exist, and other shapes', () => {
    expect(parseDate('2025-02-29')).toEqual({ ok: false, reason: 'no-such-date' });
    expect(parseDate('31-04-2025')).toEqual({ ok: false, reason: 'no-such-date' });
    expect(parseDate('2025/01/31')).toEqual({ ok: false, reason: 'format' });
    expect(parseDate('')).toEqual({ ok: false, reason: 'format' });
  });

  it('reads Danish and English month names in chat', () => {
    expect(parseSpokenDate('1. marts 2024')).toEqual({ ok: true, date: '2024-03-01' });
    expect(parseSpokenDate('24 Dec 2025')).toEqual({ ok: true, date: '2025-12-24' });
    expect(parseSpokenDate('30. februar 2024')).toEqual({ ok: false, reason: 'no-such-date' });
  });

  it('uses the Copenhagen calendar day, across daylight saving', () => {
    expect(copenhagenDate(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01');
    expect(copenhagenDate(new Date('2025-12-31T22:59:59Z'))).toBe('2025-12-31');
    expect(copenhagenDate(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
    expect(addDays('2025-01-01' as never, -1)).toBe('2024-12-31');
  });
});
