import { describe, expect, it } from 'vitest';
import { parseMarkingCommand } from '../../../bot/shared-citizen/parse-marking-command.js';

describe('reading a marking command', () => {
  it.each([
    ['marker 010190-1234 aftalt på netværksmøde'],
    ['marker 01.01.90-1234 aftalt på netværksmøde'],
    ['marker \uFF10\uFF11\uFF10\uFF11\uFF19\uFF10\uFF0D\uFF11\uFF12\uFF13\uFF14 aftalt på netværksmøde'],
    ['marker aftalt på 010190\u00A01234 netværksmøde'],
  ])('%s: the CPR number in any spelling the detector knows, the rest is the reason', (text) => {
    expect(parseMarkingCommand(text)).toMatchObject({ kind: 'marking', cpr: '0101901234', reason: 'aftalt på netværksmøde' });
  });

  it('masks another CPR number in the reason, which is posted to the specialist unit\'s channel', () => {
    expect(parseMarkingCommand('marker 010190-1234 aftalt med moren 02.02.80-1235')).toMatchObject({ kind: 'marking', cpr: '0101901234', reason: 'aftalt med moren 020280-xxxx' });
  });
});
