import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsBotInstalled, teamsCardActionInvoke, teamsMessage } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE } from '../support/world.js';
import { sqlValue } from '../support/raw-sql.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const FULL_CPR = /(?<![\d+])\d{6}[-\u2013 ]?\d{4}(?!\d)/;

describe('POST /api/messages (real server, CloudAdapter, fake Bot Connector)', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.calls.length = 0;
    bot.connector.clearFaults();
  });

  const say = (from: { aadObjectId: string; name: string }, text: string, extra: Parameters<typeof teamsMessage>[0] extends infer T ? Partial<T> : never = {}) =>
    bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text, ...extra }));

  it('answers a lookup with an Adaptive Card posted as a reply in the conversation', async () => {
    const activity = teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hvem har 010190-1234?' });
    const response = await bot.post(activity);
    expect(response.status).toBe(200);
    const replies = bot.connector.calls.filter((call) => call.operation === 'reply');
    expect(replies.every((call) => call.conversationId === (activity.conversation as { id: string }).id && call.activityId === activity.id)).toBe(true);
    const lookup = replies.map((call) => call.body).find((body) => JSON.stringify(body).includes('Hvem har borgeren?'));
    expect(lookup.attachments[0].contentType).toBe(CARD);
    expect(lookup.attachments[0].content.version).toBe('1.5');
    expect(JSON.stringify(lookup)).toContain('Birte Fællesborger');
    expect(JSON.stringify(lookup)).toContain('Mads Nielsen');
    // The welcome card's typing example (a demo citizen's) is the only number that may appear; the citizen's is masked.
    const posted = JSON.stringify(replies.map((call) => call.body)).replaceAll('hvem har 120385-1127', '');
    expect(posted.match(FULL_CPR)?.[0] ?? null).toBeNull();
  });

  it('welcomes once when installed in a personal chat, and welcomes a team channel', async () => {
    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.bo }));
    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.bo }));
    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.bo, scope: 'channel' }));
    const welcomes = bot.connector.postedActivities().map((body) => body.attachments?.[0]?.content?.body?.[0]?.text);
    expect(welcomes).toEqual(['Velkommen til Brobygger', 'Velkommen til Brobygger']);
    expect(JSON.stringify(bot.connector.postedActivities()[1])).toContain('kun i en 1:1-chat');
  });

  it('answers in English when the client locale is English', async () => {
    await say(PEOPLE.anna, 'help', { locale: 'en-US' });
    expect(JSON.stringify(bot.connector.postedActivities().at(-1))).toContain('What Brobygger can do');
  });

  it('gives no answer to a tenant that is not allowed, and logs it', async () => {
    const response = await say(PEOPLE.anna, 'hvem har 0101901234', { tenantId: '99999999-9999-4999-8999-999999999999' });
    expect(response.status).toBe(200);
    expect(bot.connector.calls).toEqual([]);
    const warning = bot.logLines.map((line) => JSON.parse(line)).find((entry) => entry.msg?.includes('tenant that is not allowed'));
    expect(warning).toMatchObject({ level: 40, tenantId: '99999999-9999-4999-8999-999999999999' });
  });

  it('answers an empty message and a 1 MB message politely', async () => {
    await say(PEOPLE.anna, '');
    await say(PEOPLE.anna, `hvem har 0101901234 ${'x'.repeat(1024 * 1024)}`);
    const texts = bot.connector.postedActivities().map((body) => body.text).filter(Boolean);
    expect(texts).toEqual([expect.stringContaining('Din besked var tom'), expect.stringContaining('Din besked er for lang')]);
  });

  it('turns a CPR number in a channel away, and strips the @mention before routing', async () => {
    await say(PEOPLE.anna, 'hjælp', { scope: 'channel' });
    await say(PEOPLE.anna, 'hvem har 0101901234', { scope: 'channel' });
    const posted = bot.connector.postedActivities();
    expect(posted[0].attachments[0].content.body[0].text).toBe('Det kan Brobygger');
    expect(posted[1].text).toContain('kun på opslag om borgere i en 1:1-chat');
  });

  it('answers a channel message that is only an @mention (no text) without a technical error', async () => {
    const mentionOnly = teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, scope: 'channel' });
    expect(mentionOnly.text).toBeUndefined();
    expect((await bot.post(mentionOnly)).status).toBe(200);
    const text = bot.connector.postedActivities().at(-1).text as string;
    expect(text).toContain('Din besked var tom');
    expect(text).not.toContain('teknisk fejl');
  });

  it('refuses what is not a Bot Framework activity', async () => {
    expect((await bot.post('{not json')).status).toBe(400);
    expect(await bot.post({ text: 'no type' })).toMatchObject({ status: 400, body: { error: 'The body is not a Bot Framework activity.' } });
    const tooBig = await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'x'.repeat(5 * 1024 * 1024) }));
    expect(tooBig.status).toBe(413);
    expect(bot.connector.calls).toEqual([]);
  });

  describe('card actions', () => {
    async function confirmationCard() {
      await say(PEOPLE.fatima, `marker ${CITIZENS.bifOnly} aftalt på netværksmøde`);
      const card = bot.connector.postedActivities().map((body) => body.attachments?.[0]?.content).find((content) => content?.actions);
      return card.actions as any[];
    }

    it('Action.Execute: confirming returns the updated card as the invoke response', async () => {
      const [confirm] = await confirmationCard();
      expect(confirm).toMatchObject({ type: 'Action.Execute', verb: 'sharedMarking.confirm', fallback: { type: 'Action.Submit' } });
      const response = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, verb: confirm.verb, data: confirm.data }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statusCode: 200, type: CARD, value: { type: 'AdaptiveCard' } });
      expect(response.body.value.body[0].text).toBe('150875-xxxx er nu markeret som fællesborger.');
    });

    it('Action.Submit fallback: confirming updates the card in place', async () => {
      const [confirm] = await confirmationCard();
      const replyToId = 'card-activity-1';
      await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, value: confirm.fallback.data, replyToId }));
      const update = bot.connector.calls.find((call) => call.operation === 'update');
      expect(update).toMatchObject({ activityId: replyToId });
      expect(update!.body.attachments[0].content.body[0].text).toBe('150875-xxxx er nu markeret som fællesborger.');
    });

    it('a tampered or forged action gets a polite answer and changes nothing', async () => {
      const overrides = () => sqlValue(bot.app.store, 'SELECT count(*) FROM shared_citizen_overrides');
      const before = await overrides();
      const tampered = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, verb: 'sharedMarking.confirm', data: { pendingId: '00000000-0000-4000-8000-000000000000' } }));
      expect(tampered.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('udløbet') });
      const forged = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, verb: 'sharedMarking.confirm', data: { pendingId: "1' OR 1=1" } }));
      expect(forged.body.value).toContain('Knappen sendte data, jeg ikke kan bruge');
      await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, value: { verb: 42 } }));
      expect(bot.connector.postedActivities().at(-1).text).toContain('Den handling kender jeg ikke');
      const malformedInvoke = await bot.post({ ...teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, verb: 'x', data: {} }), value: 'garbage' });
      expect(malformedInvoke.body.value).toContain('Den handling kender jeg ikke');
      expect(await overrides()).toBe(before);
    });
  });

  it('keeps full CPR numbers out of every log line', async () => {
    await say(PEOPLE.anna, 'hvem har 010190-1234 pr. 01-01-2025');
    await say(PEOPLE.stranger, '0404854567');
    await say(PEOPLE.anna, '310290-1234');
    bot.connector.injectFault(() => ({ status: 400, code: 'BadArgument', message: 'rejected 0101001002' }));
    await say(PEOPLE.anna, '0101001002');
    expect(bot.logLines.length).toBeGreaterThan(4);
    expect(bot.logLines.join('\n')).not.toMatch(FULL_CPR);
  });

  it('gets the answer through when the connector fails once with 502 (the SDK retries)', async () => {
    let failures = 0;
    bot.connector.injectFault(() => (failures++ === 0 ? { status: 502, code: 'BadGateway' } : undefined));
    expect((await say(PEOPLE.anna, 'hjælp')).status).toBe(200);
    expect(failures).toBe(2);
    expect(bot.connector.postedActivities()).toHaveLength(1);
  });

  it('logs a reply the connector refuses, and keeps serving', async () => {
    bot.connector.injectFault(() => ({ status: 403, code: 'BotNotInConversationRoster' }));
    expect((await say(PEOPLE.anna, 'hjælp')).status).toBe(200);
    expect(bot.logLines.some((line) => JSON.parse(line).msg === 'turn failed')).toBe(true);
    bot.connector.clearFaults();
    await say(PEOPLE.anna, 'hjælp');
    expect(bot.connector.postedActivities()).toHaveLength(1);
  });

  it('serves /healthz and /readyz', async () => {
    expect(await (await fetch(`${bot.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${bot.url}/readyz`)).json()).toEqual({ status: 'ready', ready: true });
  });
});

describe('authentication (MicrosoftAppId set)', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot({
      env: { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '66666666-7777-4888-9999-000000000000', MicrosoftAppPassword: 'not-used' },
    });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('refuses an activity without a token, or with a forged one, with 401 and no reply', async () => {
    const activity = teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hvem har 0101901234' });
    expect((await bot.post(activity)).status).toBe(401);
    expect((await bot.post(activity, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' })).status).toBe(401);
    expect(bot.connector.calls).toEqual([]);
    expect(await sqlValue(bot.app.store, 'SELECT count(*) FROM audit_log')).toBe(0);
  });
});
