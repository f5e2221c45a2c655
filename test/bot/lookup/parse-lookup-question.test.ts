import { describe, expect, it } from 'vitest';
import { parseLookupQuestion } from '../../../bot/lookup/parse-lookup-question.js';

describe('reading a lookup question', () => {
  it.each([
    ['010190-1234', null],
    ['0101901234', null],
    ['010190 1234', null],
    ['hvem har 010190-1234?', null],
    ['sagsbehandler for 0101901234', null],
    ['Hvem er sagsbehandler på 010190–1234 (borger)?', null],
    ['hvem har 010190-1234 pr. 01-03-2024', '2024-03-01'],
    ['hvem havde 0101901234 pr 2024-03-01', '2024-03-01'],
    ['hvem havde 0101901234 den 1. marts 2024', '2024-03-01'],
    ['0101901234 den 1.3.2024', '2024-03-01'],
    ['who had 0101901234 as of 1 March 2024', '2024-03-01'],
    ['who had 0101901234 on 2024-03-01', '2024-03-01'],
  ])('%s → the CPR number, as of %s', (text, asOf) => {
    expect(parseLookupQuestion(text)).toEqual({ kind: 'lookup', cpr: '0101901234', asOf });
  });

  it.each([
    ['hvem har 01.01.90-1234'],
    ['hvem har 01/01/90 1234'],
    ['hvem har cpr0101901234'],
    ['hvem har \uFF10\uFF11\uFF10\uFF11\uFF19\uFF10\uFF0D\uFF11\uFF12\uFF13\uFF14'],
    ['hvem har 0101\u200B901234'],
    ['hvem har 010190\u00A01234'],
    ['hvem har 010190\u20141234'],
  ])('%s → the same CPR number: every spelling the CPR detector knows', (text) => {
    expect(parseLookupQuestion(text)).toEqual({ kind: 'lookup', cpr: '0101901234', asOf: null });
  });

  it.each([
    ['hej'],
    ['ring på +4533660101'],
    ['ring på 33 66 33 66'],
    ['sag 2024-0388567'],
    ['mødet er den 1. marts 2024'],
  ])('%s has no CPR number', (text) => {
    expect(parseLookupQuestion(text)).toBeNull();
  });

  it.each([
    ['010190-123', { kind: 'bad-cpr', shown: '010190-xxx', problem: { kind: 'length', digits: 9 } }],
    ['010190 12345', { kind: 'bad-cpr', shown: '010190 xxxxx', problem: { kind: 'length', digits: 11 } }],
    ['310290-1234', { kind: 'bad-cpr', shown: '310290-xxxx', problem: { kind: 'date', day: '31', month: '02', year: 1990 } }],
    ['0101901234 og 0202801235', { kind: 'several-cprs' }],
    ['0101901234 pr. 31-02-2024', { kind: 'bad-date', text: '31-02-2024', reason: 'no-such-date' }],
    ['0101901234 den 1. smarts 2024', { kind: 'bad-date', text: '1. smarts 2024', reason: 'format' }],
  ])('%s is a problem to explain', (text, expected) => {
    expect(parseLookupQuestion(text)).toEqual(expected);
  });

  it('treats the same number written twice as one', () => {
    expect(parseLookupQuestion('0101901234 (010190-1234)')).toMatchObject({ kind: 'lookup', cpr: '0101901234' });
  });
});
