import { describe, expect, it } from 'vitest';
import { addMonths, lastCompleteMonth, lastDay, parseMonth, type Month } from '../../../bot/status/month.js';
import { looksLikeMonth, parseStatusMonth } from '../../../bot/status/parse-status-month.js';

describe('lastCompleteMonth (Copenhagen time)', () => {
  it.each([
    ['the middle of a month', '2026-11-23T10:00:00Z', '2026-10'],
    ['00:30 on 1 November in Copenhagen, still 31 October in UTC (winter time, UTC+1)', '2026-10-31T23:30:00Z', '2026-10'],
    ['23:30 on 31 October in Copenhagen', '2026-10-31T22:30:00Z', '2026-09'],
    ['00:30 on 1 July in Copenhagen (summer time, UTC+2)', '2026-06-30T22:30:00Z', '2026-06'],
    ['1 January: the last complete month is last year’s December', '2026-01-01T12:00:00Z', '2025-12'],
  ])('%s', (_, now, month) => {
    expect(lastCompleteMonth(new Date(now))).toBe(month);
  });
});

describe('months', () => {
  it('parses YYYY-MM only', () => {
    expect(parseMonth('2025-10')).toBe('2025-10');
    for (const bad of ['2025-13', '2025-00', '2025-1', '25-10', '2025/10', '1999-12', 'oktober']) expect(parseMonth(bad), bad).toBeNull();
  });

  it('does month arithmetic across years and knows leap years', () => {
    expect(addMonths('2025-01' as Month, -1)).toBe('2024-12');
    expect(addMonths('2025-11' as Month, 14)).toBe('2027-01');
    expect(lastDay('2024-02' as Month)).toBe('2024-02-29');
    expect(lastDay('2025-02' as Month)).toBe('2025-02-28');
  });
});

describe('the month after "status"', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  it.each([
    ['', '2026-10'],
    ['2025-10', '2025-10'],
    ['oktober 2025', '2025-10'],
    ['Okt. 2025', '2025-10'],
    ['October 2025', '2025-10'],
    ['sept 2026', '2026-09'],
    ['oktober', '2026-10'],
    ['november', '2025-11'],
    ['december', '2025-12'],
    ['2026-11', '2026-11'],
  ])('"%s" is %s', (words, month) => {
    expect(parseStatusMonth(words, now)).toEqual({ ok: true, month });
  });

  it.each(['2025-13', '13-2025', 'oktober 25', 'oktober 1999'])('"%s" is not a month', (words) => {
    expect(parseStatusMonth(words, now)).toEqual({ ok: false });
  });

  it('takes words that are no month as something else (the guide): "status på handleplaner"', () => {
    expect(looksLikeMonth('på handleplaner')).toBe(false);
    expect(looksLikeMonth('oktober 2025')).toBe(true);
    expect(looksLikeMonth('2025-13')).toBe(true);
    expect(looksLikeMonth('')).toBe(true);
  });
});
