import { describe, expect, it } from 'vitest';
import { routeConsoleToLog } from '../../../bot/log/console-to-log.js';
import { createLogger } from '../../../bot/log/logger.js';
import { RefusalLog } from '../../../bot/log/refusal-log.js';

describe('routeConsoleToLog: what libraries print goes through the logger, bounded', () => {
  it('turns console lines into sampled, cut, CPR-redacted JSON log lines and restores the console afterwards', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const originalError = console.error;
    const restore = routeConsoleToLog(log, new RefusalLog({ perWindow: 5, windowMs: 60_000 }));
    try {
      // What botframework-connector prints for a forged token: a whole key set, here with a CPR number in it.
      for (let i = 0; i < 1000; i++) console.error(`Token for 0101901234 refused. Error finding key for token. Available keys: ${'-----BEGIN PUBLIC KEY-----'.repeat(4000)}`);
      console.warn('BadRequest: Missing activity or activity type.');
    } finally {
      restore();
    }
    expect(console.error).toBe(originalError);
    expect(lines).toHaveLength(6);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ level: 40, component: 'console', method: 'error', msg: 'a library wrote to console.error' });
    expect(first.text.length).toBeLessThan(600);
    expect(first.text).toContain('characters)');
    expect(first.text).toContain('010190-xxxx');
    expect(JSON.parse(lines[5]!)).toMatchObject({ method: 'warn', text: 'BadRequest: Missing activity or activity type.' });
    expect(lines.join('\n')).not.toContain('0101901234');
  });

  it('keeps a CPR number out of a short console line', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const restore = routeConsoleToLog(log);
    try {
      console.log('opslag på %s', '010190-1234');
    } finally {
      restore();
    }
    expect(JSON.parse(lines[0]!).text).toBe('opslag på 010190-xxxx');
  });
});
