import { describe, expect, it } from 'vitest';
import { fullYear, validateCpr } from '../../../domain/cpr/validate-cpr.js';
import { maskCpr, redactCprInText } from '../../../domain/cpr/mask-cpr.js';

const failsModulus11 = (cpr: string) => [...cpr].reduce((sum, digit, i) => sum + Number(digit) * [4, 3, 2, 7, 6, 5, 4, 3, 2, 1][i]!, 0) % 11 !== 0;

describe('CPR validation', () => {
  it('accepts valid numbers that fail the modulus-11 check (issued since 2007)', () => {
    for (const cpr of ['0101901234', '0101001002', '0404854567']) {
      expect(failsModulus11(cpr)).toBe(true);
      expect(validateCpr(cpr)).toMatchObject({ ok: true, cpr });
    }
    expect(failsModulus11('1508751008')).toBe(false);
    expect(validateCpr('150875-1008').ok).toBe(true);
  });

  it.each([
    ['0101901234', 1990],
    ['0101363234', 1936],
    ['0101364234', 2036],
    ['0101374234', 1937],
    ['0101579234', 1957],
    ['0101585234', 1858],
    ['0101575234', 2057],
    ['0101999234', 1999],
  ])('%s: the 7th digit and the year give %i', (cpr, year) => {
    expect(fullYear(cpr)).toBe(year);
  });

  it.each([
    ['310290-1234', 'date'],
    ['290201-1234', 'date'],
    ['001090-1234', 'date'],
    ['011390-1234', 'date'],
    ['010190-123', 'length'],
    ['01019012345', 'length'],
    ['01019O1234', 'format'],
    ['010130-4234', 'future'],
  ])('%s is invalid (%s)', (cpr, kind) => {
    expect(validateCpr(cpr)).toMatchObject({ ok: false, problem: { kind } });
  });

  it('accepts 29 February in a leap year only', () => {
    expect(validateCpr('290200-4234').ok).toBe(true);
    expect(validateCpr('290201-4234').ok).toBe(false);
  });
});

describe('CPR masking', () => {
  it('masks to DDMMYY-xxxx', () => {
    expect(maskCpr('0101901234')).toBe('010190-xxxx');
    expect(maskCpr('010190-1234')).toBe('010190-xxxx');
  });

  it('redacts every spelling inside running text, and leaves other numbers alone', () => {
    expect(redactCprInText('hvem har 010190-1234, 0202801235 og 030370 3456?')).toBe('hvem har 010190-xxxx, 020280-xxxx og 030370-xxxx?');
    expect(redactCprInText('timestamp 1732312345678 and unix 1732312345, phone 33663366')).toBe('timestamp 1732312345678 and unix 1732312345, phone 33663366');
    expect(redactCprInText('mistyped 310290-1234')).toBe('mistyped 310290-xxxx');
    expect(redactCprInText('/search?q=hvem+har+0101901234&cpr0202801235')).toBe('/search?q=hvem+har+010190-xxxx&cpr020280-xxxx');
    expect(redactCprInText('tel:+4533660101')).toBe('tel:+4533660101');
  });
});
