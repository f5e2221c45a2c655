import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_WORLD_CSV, rememberConversations, UNIT_CHANNELS } from '../support/announcement-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsBotInstalled, teamsMessage } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';
import { sqlRows } from '../support/raw-sql.js';

const KEY = 'announcement-test-key-0123456789abcdef';
/** `.invalid` never resolves (RFC 6761): even broken code could not send anything off this machine. */
const ELSEWHERE = 'http://example.invalid/';

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot({ files: ANNOUNCEMENT_WORLD_CSV, env: { ANNOUNCEMENT_API_KEYS: KEY, LOG_LEVEL: 'info' } });
});
afterAll(() => bot.stop());

const refusals = () => bot.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg?.startsWith('activity refused: local mode'));

describe('local mode replies only to a serviceUrl on this machine', () => {
  it.each([
    ['another host', ELSEWHERE, 'example.invalid'],
    ['loopback spelled as a subdomain', 'http://127.0.0.1.example.invalid/', '127.0.0.1.example.invalid'],
    ['loopback as user info', 'http://localhost@example.invalid/', 'example.invalid'],
  ])('refuses an activity whose serviceUrl is %s with 403, before the turn and without any request', async (_label, serviceUrl, host) => {
    const before = refusals().length;
    const callsBefore = bot.connector.calls.length;
    const response = await bot.post(teamsMessage({ serviceUrl, from: PEOPLE.anna, text: 'hjælp' }));
    expect(response.status).toBe(403);
    // No turn ran: the conversation was not captured, and no Bot Connector (nor anything else) was called.
    expect(await bot.app.store.conversations.personalChatOf(PEOPLE.anna.aadObjectId)).toBeNull();
    expect(bot.connector.calls.length).toBe(callsBefore);
    const logged = refusals().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, serviceUrlHost: host });
    expect(JSON.stringify(logged[0])).not.toContain(serviceUrl);
  });

  it('refuses an activity with no serviceUrl', async () => {
    const { serviceUrl: _omitted, ...activity } = teamsMessage({ serviceUrl: ELSEWHERE, from: PEOPLE.anna, text: 'hjælp' });
    expect((await bot.post(activity)).status).toBe(403);
  });

  it('answers the same activity from the loopback connector', async () => {
    const response = await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.anna }));
    expect(response.status).toBe(200);
    expect(await bot.app.store.conversations.personalChatOf(PEOPLE.anna.aadObjectId)).toMatchObject({ serviceUrl: bot.connector.url });
    expect(bot.connector.postedActivities().length).toBeGreaterThanOrEqual(1);
  });

  it('never sends a stored message to a conversation remembered with a serviceUrl off this machine', async () => {
    await rememberConversations(bot.app.store, ELSEWHERE, { channels: [UNIT_CHANNELS.RUS] });
    await rememberConversations(bot.app.store, bot.connector.url, { channels: [UNIT_CHANNELS.SPEC] });
    const created = await fetch(`${bot.url}/api/announcements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Netværksmøde', text: 'Tirsdag kl. 9', audience: { units: ['RUS', 'SPEC'] }, delivery: 'channels' }),
    });
    expect(created.status).toBe(201);
    const outbox = () =>
      sqlRows<{ conversation: string; state: string; error: string | null }>(
        bot.app.store,
        "SELECT conversation_id AS conversation, state, last_error AS error FROM outbox WHERE purpose LIKE 'announcement%' ORDER BY conversation_id",
      );
    // Fanned out by the scheduler after the 201, then delivered or refused.
    const settled = (rows: Awaited<ReturnType<typeof outbox>>) =>
      [UNIT_CHANNELS.SPEC, UNIT_CHANNELS.RUS].every((channel) => rows.some((row) => row.conversation === channel)) && rows.every((row) => row.state !== 'pending' && row.state !== 'sending');
    const started = Date.now();
    while (!settled(await outbox()) && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 100));
    const rows = await outbox();
    expect(rows.find((row) => row.conversation === UNIT_CHANNELS.SPEC)).toMatchObject({ state: 'sent' });
    expect(rows.find((row) => row.conversation === UNIT_CHANNELS.RUS)).toMatchObject({ state: 'dead', error: expect.stringContaining('LocalModeNonLoopbackServiceUrl') });
    const sends = bot.connector.calls.filter((call) => call.operation === 'send');
    expect(sends.map((call) => call.conversationId?.split(';')[0])).toEqual([UNIT_CHANNELS.SPEC]);
  }, 30_000);
});
