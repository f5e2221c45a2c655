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

  it('masks a CPR number in any spelling while the ids in the same line stay intact, and every line stays JSON', () => {
    const { log, lines } = capture();
    const ids = { activityId: 'f:1234567890123456', from: '29:1a2b3c4d5e0101901234', aadObjectId: 'ab010190-1234-4321-8765-aa0101901234', requestId: 'deadbeef0101901234cafe', at: 1732312345678 };
    log.info({ ...ids, text: 'hvem har 12.03.85\u20131127 og cpr\uFF10\uFF12\uFF10\uFF12\uFF18\uFF10\uFF11\uFF12\uFF13\uFF15', url: '/s?q=hvem+har+0101\u200B901234', raw: '{"note":"010190\\u002d1234"}', amount: 1203851127 }, 'lookup');
    log.error(new Error('failed for 0404854567'), 'boom');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject(ids);
    expect(line.text).toBe('hvem har 120385-xxxx og cpr020280-xxxx');
    expect(line.url).toBe('/s?q=hvem+har+010190-xxxx');
    expect(line.raw).toBe('{"note":"010190-xxxx"}');
    expect(line.amount).toBe('120385-xxxx');
    expect(JSON.parse(lines[1]!).err.stack).toContain('failed for 040485-xxxx');
    for (const original of ['12.03.85', '0202801235', '\\u002d1234', '1203851127', '0404854567']) expect(lines.join('')).not.toContain(original);
  });

  it('redacts authorization headers', () => {
    const { log, lines } = capture();
    log.info({ headers: { authorization: 'Bearer secret-token' } }, 'request');
    expect(lines.join('')).not.toContain('secret-token');
  });
});
