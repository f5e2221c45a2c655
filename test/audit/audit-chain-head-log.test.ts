import { afterEach, describe, expect, it } from 'vitest';
import { nextCopenhagenMidnight, startAuditChainHeadLog } from '../../bot/audit/audit-chain-head-log.js';
import { createLogger } from '../../bot/log/logger.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { PEOPLE } from '../support/world.js';
import { teamsMessage } from '../support/teams-activity.js';

const headLines = (lines: string[]) => lines.map((line) => JSON.parse(line)).filter((line) => line.auditChainHead);

describe('the audit chain head in the application log', () => {
  let bot: RunningBot | null = null;
  afterEach(async () => {
    await bot?.stop();
    bot = null;
  });

  it('the next Copenhagen midnight, also across the daylight-saving changes', () => {
    expect(nextCopenhagenMidnight(new Date('2026-03-01T12:00:00Z')).toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(nextCopenhagenMidnight(new Date('2026-03-01T23:00:00Z')).toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(nextCopenhagenMidnight(new Date('2026-03-29T12:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(nextCopenhagenMidnight(new Date('2026-10-25T12:00:00Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('is logged at start and then once per (shortened) day, with the head read anew each time, until stopped', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    let head = { lastId: 1, hash: 'a'.repeat(64), rows: 1 };
    const heads = startAuditChainHeadLog({ head: async () => head, log, clock: () => new Date(), nextAt: (now) => new Date(now.getTime() + 30) });
    // The head is read asynchronously: logged once its read settles, which is before the first 30 ms tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(headLines(lines)).toEqual([expect.objectContaining({ level: 30, msg: 'audit chain head', auditChainHead: { lastId: 1, hash: 'a'.repeat(64), rows: 1 } })]);
    head = { lastId: 2, hash: 'b'.repeat(64), rows: 2 };
    const before = headLines(lines).length;
    await expect.poll(() => headLines(lines).length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(headLines(lines)[before].auditChainHead).toEqual({ lastId: 2, hash: 'b'.repeat(64), rows: 2 });
    heads.stop();
    const logged = headLines(lines).length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(headLines(lines)).toHaveLength(logged);
  });

  it('the running bot logs the head of its real chain at start, as ids and hashes only', async () => {
    bot = await startBot();
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hvem har 010190-1234?' }));
    const atStart = headLines(bot.logLines);
    expect(atStart).toHaveLength(1);
    expect(atStart[0]).toMatchObject({ component: 'audit', auditChainHead: { lastId: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), rows: expect.any(Number) } });
    expect((await bot.app.store.audit.chainHead()).lastId).toBe(atStart[0].auditChainHead.lastId + 1);
    expect(bot.logLines.join('\n')).not.toContain('0101901234');
  });
});
