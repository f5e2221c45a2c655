import { describe, expect, it } from 'vitest';
import { formatPhone, normalisePhone } from '../../../domain/phone/normalise-phone.js';

describe('normalisePhone: Danish numbers in the spellings telephony systems and people use', () => {
  it.each([
    ['33661234', '+4533661234'],
    ['33 66 12 34', '+4533661234'],
    ['33-66-12-34', '+4533661234'],
    ['+45 33 66 12 34', '+4533661234'],
    ['+4533661234', '+4533661234'],
    ['0045 3366 1234', '+4533661234'],
    ['0045-33-66-12-34', '+4533661234'],
    ['  (+45) 33 66 12 34 ', '+4533661234'],
    ['+46 8 123 456 78', '+46812345678'],
  ])('%s → %s', (raw, e164) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['1234', 'too short'],
    ['336612345', 'nine digits without a country code'],
    ['+45 3366 123', 'a Danish number with seven digits'],
    ['+45 3366 12345', 'a Danish number with nine digits'],
    ['33 66 12 3x', 'a letter'],
    ['anonymous', 'a withheld number'],
    ['', 'nothing'],
    ['++4533661234', 'two plus signs'],
  ])('refuses %s (%s)', (raw) => {
    expect(normalisePhone(raw)).toEqual({ ok: false });
  });

  it('formats a Danish number in pairs joined by no-break spaces, so a card never wraps it mid-number, and leaves others as they are', () => {
    expect(formatPhone('+4533661234')).toBe('33\u00a066\u00a012\u00a034');
    expect(formatPhone('+46812345678')).toBe('+46812345678');
  });
});
