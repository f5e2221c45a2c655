import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../bot/i18n/format-date.js';
import { addDays } from '../../../domain/dates/iso-date.js';

// Formatted dates are kept (a card shows the same few many times): each locale keeps its own form, and it stays right.
describe('formatDate', () => {
  it('writes the Danish date with a no-break space after the day, the English one without a period', () => {
    expect(formatDate('2025-03-01', 'da')).toBe('1.\u00a0marts 2025');
    expect(formatDate('2025-03-01', 'en')).toBe('1 March 2025');
    expect(formatDate('2025-03-01', 'da')).toBe('1.\u00a0marts 2025');
  });

  it('stays right for thousands of dates, more than it keeps, and asked again after', () => {
    const days = Array.from({ length: 5000 }, (_, i) => addDays('2020-01-01', i));
    const first = days.map((day) => formatDate(day, 'da'));
    expect(first[0]).toBe('1.\u00a0januar 2020');
    expect(first[4999]).toBe(formatDate(addDays('2020-01-01', 4999), 'da'));
    expect(days.map((day) => formatDate(day, 'da'))).toEqual(first);
    expect(formatDate('2020-01-01', 'en')).toBe('1 January 2020');
  });

  it('refuses a text that is not a date', () => {
    expect(() => formatDate('2025-02-30x', 'da')).toThrow(RangeError);
  });
});
