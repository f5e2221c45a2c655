import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMonthlyStatusPost } from '../../bot/announcements/monthly-status-post.js';
import { ANNOUNCEMENT_WORLD_CSV, rememberConversations, UNIT_CHANNELS } from '../support/announcement-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';

let bot: RunningBot;
let now = new Date('2026-12-31T12:00:00Z');

beforeAll(async () => {
  bot = await startBot({ files: ANNOUNCEMENT_WORLD_CSV, clock: () => now });
  await rememberConversations(bot.app.store, bot.connector.url, { channels: [UNIT_CHANNELS.SPEC] });
});
afterAll(() => bot.stop());

describe('the monthly status post', () => {
  it('is scheduled at start for the first working day at 08:00: 1 January 2027 is a holiday and a Friday, so Monday the 4th', async () => {
    const [id] = await bot.app.store.announcements.activeOfKind('goal-status');
    expect(await bot.app.store.announcements.find(id!)).toMatchObject({ kind: 'goal-status', audience: { units: ['SPEC'] }, delivery: 'channels', source: 'system' });
    expect(await bot.app.store.announcements.nextSendOf(id!)).toBe('2027-01-04T07:00:00.000Z');
    // Starting again (a restart) finds it rather than making a second one.
    expect(await ensureMonthlyStatusPost(bot.app.store, undefined, now)).toBe(id);
    expect(await bot.app.store.announcements.activeOfKind('goal-status')).toEqual([id]);
  });

  it('posts the status of December 2026 in the specialist unit’s channel when due, and schedules February', async () => {
    now = new Date('2027-01-04T07:00:05Z');
    await bot.app.scheduler.tick();
    await bot.connector.waitFor((calls) => calls.some((call) => call.operation === 'send' && call.conversationId?.startsWith(UNIT_CHANNELS.SPEC)));
    const posted = bot.connector.calls.find((call) => call.operation === 'send' && call.conversationId?.startsWith(UNIT_CHANNELS.SPEC))!;
    const card = JSON.stringify(posted.body.attachments[0].content);
    expect(card).toContain('december 2026');
    expect(card).not.toMatch(/\d{6}-?\d{4}/); // counts only, never a CPR number
    const [id] = await bot.app.store.announcements.activeOfKind('goal-status');
    expect(await bot.app.store.announcements.nextSendOf(id!)).toBe('2027-02-01T07:00:00.000Z');
    expect(bot.connector.calls.filter((call) => call.operation === 'send')).toHaveLength(1);
  });

  it('moves to another channel when the configured unit changes', async () => {
    const [before] = await bot.app.store.announcements.activeOfKind('goal-status');
    const after = await ensureMonthlyStatusPost(bot.app.store, 'JC-UDSAT', now);
    expect(after).not.toBe(before);
    expect((await bot.app.store.announcements.find(before!))?.state).toBe('cancelled');
    expect(await bot.app.store.announcements.nextSendOf(before!)).toBeNull();
    expect((await bot.app.store.announcements.find(after!))?.audience).toEqual({ units: ['JC-UDSAT'] });
  });
});
