import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/log/logger.js';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  return { log, lines };
}

describe('structured logs', () => {
  it('never contain a full CPR number, wherever it occurs', () => {
    const { log, lines } = capture();
    log.info({ text: 'hvem har 010190-1234?', nested: { values: ['0202801235'] } }, 'lookup for 030370 3456');
    log.error(new Error('failed for 0404854567'), 'boom');
    log.warn({ err: new Error('x'), body: { text: 'sagsbehandler for 0101001002' } }, 'bad');
    const all = lines.join('');
    expect(all).not.toMatch(/(?<!\d)\d{6}[- ]?\d{4}(?!\d)/);
    for (const cpr of ['0101901234', '010190-1234', '0202801235', '030370 3456', '0404854567', '0101001002']) expect(all).not.toContain(cpr);
    expect(all).toContain('010190-xxxx');
    expect(all).toContain('040485-xxxx');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('redacts authorization headers', () => {
    const { log, lines } = capture();
    log.info({ headers: { authorization: 'Bearer secret-token' } }, 'request');
    expect(lines.join('')).not.toContain('secret-token');
  });
});
