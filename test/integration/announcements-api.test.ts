import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAnnouncement } from '../../bot/announcements/announcement-changes.js';
import { announcementInputSchema } from '../../bot/announcements/announcement-schema.js';
import { rememberConversations } from '../support/announcement-world.js';
import { FakeConnector } from '../support/fake-connector.js';
import { channelOfTeam, manyChannelsCsv } from '../support/many-channels-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { sqlValue } from '../support/raw-sql.js';

const KEY = 'announcement-test-key-0123456789abcdef';
const TEAMS = 300;

let bot: RunningBot;

async function api(method: string, path: string, body?: unknown, key: string | null = KEY) {
  const response = await fetch(`${bot.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function reportWhen(id: number, done: (report: any) => boolean, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const { body } = await api('GET', `/api/announcements/${id}`);
    if (done(body)) return body;
    if (Date.now() - started > timeoutMs) throw new Error(`report not done: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const valid = { title: 'Gå-hjem-møde om IPS', text: 'Torsdag kl. 15 i **Rådhuset**.', audience: { administrations: ['SOF'] }, delivery: 'channels' };

beforeAll(async () => {
  // The fake connector answers 429 beyond Teams' limits (7/s per conversation, 50/s per tenant), as Teams does.
  bot = await startBot({ files: manyChannelsCsv(TEAMS, 1), connector: new FakeConnector({ enforceTeamsLimits: true }), env: { ANNOUNCEMENT_API_KEYS: KEY, LOG_LEVEL: 'info' } });
  await rememberConversations(bot.app.store, bot.connector.url, { channels: Array.from({ length: TEAMS }, (_, team) => channelOfTeam(team)) });
});
afterAll(() => bot.stop());

describe('POST /api/announcements', () => {
  it('answers 401 without the key', async () => {
    expect((await api('POST', '/api/announcements', valid, null)).status).toBe(401);
    expect((await api('POST', '/api/announcements', valid, 'wrong-key-0000000000000000000')).status).toBe(401);
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM announcements WHERE kind = 'message'")).toBe(0);
  });

  it.each([
    ['a missing title', { ...valid, title: undefined }, 'title: title is required'],
    ['an empty text', { ...valid, text: '  ' }, 'text: text must not be empty'],
    ['no audience', { ...valid, audience: {} }, 'audience: choose someone'],
    ['"all" with other choices', { ...valid, audience: { all: true, units: ['T1'] } }, '"all" cannot be combined'],
    ['an unknown administration', { ...valid, audience: { administrations: ['XYZ'] } }, 'administrations may contain "BIF" and "SOF"'],
    ['an unknown unit', { ...valid, audience: { units: ['T1', 'NO-SUCH-UNIT'] } }, 'These units do not exist on the send date: "NO-SUCH-UNIT".'],
    ['a bad delivery', { ...valid, delivery: 'email' }, 'delivery must be "channels", "personal" or "both"'],
    ['a send time in the past', { ...valid, send_at: '2020-01-01T09:00:00+01:00' }, 'That time has already passed.'],
    ['a send time without a zone', { ...valid, send_at: '2030-01-01T09:00:00' }, 'send_at must be an ISO 8601 time with a zone'],
    ['a recurrence without a day', { ...valid, recurrence: { every_months: 3, time: '09:00' } }, 'give either day (1–28) or week and weekday'],
    ['a recurrence every 13 months', { ...valid, recurrence: { every_months: 13, day: 1, time: '09:00' } }, 'every_months must be 1 to 12'],
    ['a recurrence at 25:00', { ...valid, recurrence: { every_months: 1, day: 1, time: '25:00' } }, 'time must be HH:MM'],
    ['a misspelt field', { ...valid, recurence: { every_months: 1, day: 1, time: '09:00' } }, 'unknown field(s) "recurence"'],
    ['a link that is not http(s)', { ...valid, url: 'javascript:alert(1)' }, 'url must be an http(s) address'],
    ['a body that is not an object', [1, 2], 'body:'],
    ['a CPR number in the text', { ...valid, text: 'Om 010190-1234: ring til mig.' }, 'seems to contain a CPR number'],
  ])('answers 422 with a readable message for %s', async (_case, body, message) => {
    const before = await sqlValue(bot.app.store, "SELECT count(*) FROM announcements WHERE kind = 'message'");
    const answer = await api('POST', '/api/announcements', body);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatch(/^The announcement was not accepted: /);
    expect(answer.body.error).toContain(message);
    expect(JSON.stringify(answer.body)).not.toContain('010190');
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM announcements WHERE kind = 'message'")).toBe(before);
  });

  it('fans out to 300 channels through the rate-limiting connector: every one delivered, none twice; DELETE removes them all', async () => {
    const created = await api('POST', '/api/announcements', valid);
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    // 300 posts paced under Teams' limits: PostgreSQL's round trips per claim make it the slower engine here.
    const report = await reportWhen(id, (body) => body.status === 'sent', 90_000);
    expect(report).toMatchObject({ id, status: 'sent', delivered: TEAMS, pending: 0, failed: 0, no_conversation: 0, read: 0 });
    const sends = bot.connector.calls.filter((call) => call.operation === 'send');
    expect(sends).toHaveLength(TEAMS);
    expect(new Set(sends.map((call) => call.conversationId?.split(';')[0])).size).toBe(TEAMS);
    expect(bot.connector.deliveredCount((activity) => activity.attachments?.[0]?.content?.body?.[1]?.text === valid.title)).toBe(TEAMS);

    const withdrawn = await api('DELETE', `/api/announcements/${id}`);
    expect(withdrawn).toEqual({ status: 200, body: { id, status: 'withdrawn', deleting: TEAMS } });
    await bot.connector.waitFor((calls) => calls.filter((call) => call.operation === 'delete').length === TEAMS, 90_000);
    expect(bot.connector.deliveredCount()).toBe(0);
    expect((await api('GET', `/api/announcements/${id}`)).body.status).toBe('withdrawn');
    expect(await api('DELETE', `/api/announcements/${id}`)).toEqual({ status: 409, body: { error: 'The announcement is already withdrawn.', status: 'withdrawn' } });
  }, 200_000);

  it('a scheduled one is reported as scheduled, with its next send, and DELETE before it is due sends nothing', async () => {
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const { body } = await api('POST', '/api/announcements', { ...valid, audience: { units: ['T7'] }, send_at: sendAt });
    expect(await api('GET', `/api/announcements/${body.id}`)).toMatchObject({ status: 200, body: { status: 'scheduled', next_send_at: sendAt, delivered: 0 } });
    const calls = bot.connector.calls.length;
    expect((await api('DELETE', `/api/announcements/${body.id}`)).body).toEqual({ id: body.id, status: 'withdrawn', deleting: 0 });
    expect(bot.connector.calls.length).toBe(calls);
  });

  it('the portal reads and withdraws only its own: a chat announcement and the monthly status post are 404 and stay active', async () => {
    const { store } = bot.app;
    const input = announcementInputSchema.parse({ ...valid, audience: { units: ['T1'] } });
    const specialist = { id: 'E-SPEC', employeeId: 'E-SPEC', aadObjectId: null, administration: 'BIF-SOF' };
    const fromChat = await saveAnnouncement(store, input, { source: 'chat', actor: specialist, senderConversationId: null, state: 'active' }, new Date());
    const statusPost = await store.announcements.create({ kind: 'goal-status', state: 'active', title: 'Status', body: 'Status.', url: null, audience: { units: ['T1'] }, delivery: 'channels', sendAt: null, recurrence: null, source: 'system', createdBy: 'system', senderConversationId: null, now: new Date() });
    for (const id of [fromChat, statusPost]) {
      expect(await api('GET', `/api/announcements/${id}`)).toEqual({ status: 404, body: { error: 'No announcement with that id.' } });
      expect(await api('DELETE', `/api/announcements/${id}`)).toEqual({ status: 404, body: { error: 'No announcement with that id.' } });
      expect((await store.announcements.find(id))?.state).toBe('active');
    }
  });

  it('answers 404 for an id that does not exist', async () => {
    expect((await api('GET', '/api/announcements/99999')).status).toBe(404);
    expect((await api('GET', '/api/announcements/abc')).status).toBe(404);
    expect((await api('DELETE', '/api/announcements/99999')).status).toBe(404);
  });
});
