import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS } from '../support/alert-world.js';
import { FakeConnector, type ConnectorCall, type ConnectorFault } from '../support/fake-connector.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { TEST_TENANT, teamsMessage } from '../support/teams-activity.js';
import { CITIZENS } from '../support/world.js';
import { sqlRows, sqlValue } from '../support/raw-sql.js';

let bot: RunningBot;

async function remember(conversationId: string) {
  await bot.app.store.conversations.remember(
    {
      conversationId,
      scope: 'channel',
      tenantId: TEST_TENANT,
      serviceUrl: bot.connector.url,
      teamId: '19:team@thread.tacv2',
      aadObjectId: null,
      reference: { channelId: 'msteams', serviceUrl: bot.connector.url, conversation: { id: conversationId, conversationType: 'channel', tenantId: TEST_TENANT }, bot: { id: '28:bot', name: 'Brobygger' } },
    },
    new Date(),
  );
}

/** A fault for the first `times` sends to a channel, then normal answers. */
function faultTimes(times: number, channel: string, fault: ConnectorFault) {
  let left = times;
  bot.connector.injectFault((call: ConnectorCall) => {
    if (call.operation !== 'send' || call.conversationId !== channel || left <= 0) return undefined;
    left--;
    return fault;
  });
}

async function alert(cpr: string = CITIZENS.shared, note = `n${Math.random()}`): Promise<number> {
  const request = signedEvent(benefitStopped(cpr, { note }));
  expect((await postEvent(bot.url, request)).status).toBe(202);
  return sqlValue<number>(bot.app.store, 'SELECT alert_id FROM alerts WHERE webhook_id = @id', { id: request.id });
}

async function settled(alertId: number, timeoutMs = 8000) {
  const started = Date.now();
  for (;;) {
    const rows = await sqlRows<any>(bot.app.store, 'SELECT * FROM outbox WHERE alert_id = @alertId ORDER BY id', { alertId });
    if (rows.length > 0 && rows.every((row) => ['sent', 'dead', 'failed'].includes(row.state))) return rows;
    if (Date.now() - started > timeoutMs) throw new Error(`not settled: ${JSON.stringify(rows.map((row) => row.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sendsTo = (channel: string) => bot.connector.calls.filter((call) => call.operation === 'send' && call.conversationId === channel);
const auditActions = async (alertId: number) =>
  (await sqlRows<{ action: string; detail: string | null }>(bot.app.store, "SELECT action, detail FROM audit_log WHERE purpose = 'advis' ORDER BY id"))
    .filter((row) => JSON.parse(row.detail ?? '{}').alertId === alertId)
    .map((row) => row.action);

beforeEach(async () => {
  // The fake connector enforces Teams' limits with 429s, as Teams does (test/support/fake-connector.test.ts).
  bot = await startBot({ files: ALERT_WORLD_CSV, connector: new FakeConnector({ enforceTeamsLimits: true }), env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, DELIVERY_MAX_AGE: '4s' } });
  await remember(CHANNELS.rusTeamA);
  await remember(CHANNELS.spec);
});
afterEach(async () => bot.stop());

describe('delivery through the Bot Connector', () => {
  it('a 429 is retried after Retry-After, and the card is posted once', async () => {
    faultTimes(1, CHANNELS.rusTeamA, { status: 429, code: 'Throttled', retryAfterSeconds: 1 });
    const started = Date.now();
    const id = await alert();
    const [row] = await settled(id);
    expect(row).toMatchObject({ state: 'sent', attempts: 2, conversation_id: CHANNELS.rusTeamA });
    expect(sendsTo(CHANNELS.rusTeamA)).toHaveLength(1);
    expect(sendsTo(CHANNELS.rusTeamA)[0]!.at - started).toBeGreaterThanOrEqual(1000);
  });

  it('412, 502 and a dropped connection are retried with backoff; botbuilder does not retry behind our back', async () => {
    let attempts = 0;
    bot.connector.injectFault((call) => {
      if (call.operation !== 'send') return undefined;
      attempts++;
      return attempts === 1 ? { status: 412, code: 'PreconditionFailed' } : attempts === 2 ? { status: 502, code: 'BadGateway' } : attempts === 3 ? { drop: true } : undefined;
    });
    const id = await alert();
    const [row] = await settled(id, 15_000);
    expect(row).toMatchObject({ state: 'sent', attempts: 4 });
    expect(attempts).toBe(4);
    expect(sendsTo(CHANNELS.rusTeamA)).toHaveLength(1);
  }, 20_000);

  it('403 BotNotInConversationRoster: the channel is marked inactive and the alert re-routed to the fallback channel', async () => {
    faultTimes(1, CHANNELS.rusTeamA, { status: 403, code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' });
    const id = await alert();
    const rows = await settled(id);
    expect(rows.map((row) => [row.conversation_id, row.state])).toEqual([
      [CHANNELS.rusTeamA, 'failed'],
      [CHANNELS.spec, 'sent'],
    ]);
    expect(await bot.app.store.conversations.find(CHANNELS.rusTeamA)).toMatchObject({ active: false, inactiveReason: 'BotNotInConversationRoster' });
    expect(await bot.app.store.alerts.find(id)).toMatchObject({ channelId: CHANNELS.spec, routeReason: 'rerouted-BotNotInConversationRoster' });
    expect(await auditActions(id)).toEqual(['alert.routed', 'alert.routed', 'alert.delivered']);
  });

  it('404 ConversationNotFound everywhere: dead-lettered; an admin lists it and re-drives it once the bot is back', async () => {
    bot.connector.injectFault((call) => (call.operation === 'send' ? { status: 404, code: 'ConversationNotFound' } : undefined));
    const id = await alert();
    const rows = await settled(id);
    expect(rows.map((row) => row.state)).toEqual(['failed', 'dead']);
    expect(await auditActions(id)).toContain('alert.dead-lettered');

    bot.connector.clearFaults();
    await remember(CHANNELS.rusTeamA); // the bot was installed in the team again
    const admin = ALERT_PEOPLE.adam;
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: admin, text: 'advis fejlet' }));
    const listing = bot.connector.postedActivities().at(-1);
    expect(JSON.stringify(listing)).toContain(`#${rows[1].id} · alert`);
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: admin, text: `advis gensend ${rows[1].id}` }));
    expect(bot.connector.postedActivities().some((activity) => activity.text === 'Beskeden sendes igen.')).toBe(true);
    const after = await settled(id);
    expect(after.at(-1)).toMatchObject({ state: 'sent', conversation_id: CHANNELS.rusTeamA });
    expect(await auditActions(id)).toContain('alert.re-driven');

    // The same number again, now sent: nothing is re-driven, and the admin is told so.
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: admin, text: `advis gensend ${rows[1].id}` }));
    expect(bot.connector.postedActivities().at(-1).text).toBe(`Der er ingen fejlet besked med nummer ${rows[1].id}.`);
    expect((await auditActions(id)).filter((action) => action === 'alert.re-driven')).toHaveLength(1);
  });

  it('only admins may list or re-drive', async () => {
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: { aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000003', name: 'Mads Nielsen' }, text: 'advis gensend alle' }));
    expect(bot.connector.postedActivities().at(-1).text).toBe('Kun administratorer kan se og gensende fejlede beskeder.');
  });

  it('a 400 is not retried; continuing 503s are retried until DELIVERY_MAX_AGE, then dead-lettered', async () => {
    faultTimes(1, CHANNELS.rusTeamA, { status: 400, code: 'BadArgument' });
    const bad = await alert();
    expect((await settled(bad))[0]).toMatchObject({ state: 'dead', attempts: 1, last_error: '400 BadArgument' });

    bot.connector.injectFault((call) => (call.operation === 'send' ? { status: 503, code: 'ServiceUnavailable' } : undefined));
    const unavailable = await alert(CITIZENS.sofOnly);
    const [row] = await settled(unavailable, 15_000);
    expect(row.state).toBe('dead');
    expect(row.attempts).toBeGreaterThan(1);
    expect(row.last_error).toMatch(/^gave up after \d+ attempts/);
  }, 20_000);

  it('paces itself under Teams’ per-conversation limits instead of finding them through 429s', async () => {
    const ids = [];
    for (let n = 0; n < 20; n++) ids.push(await alert(CITIZENS.shared, `burst ${n}`));
    for (const id of ids) await settled(id, 15_000);
    const times = sendsTo(CHANNELS.rusTeamA).map((call) => call.at);
    expect(times).toHaveLength(20);
    const inWindow = (windowMs: number) => Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
    expect(inWindow(1000)).toBeLessThanOrEqual(7);
    expect(inWindow(2000)).toBeLessThanOrEqual(8);
    // Unpaced, 20 sends in a burst draw a dozen 429s. A loaded machine can stall the event loop and let two requests
    // reach the connector closer together than they were sent (seen once in CI-like runs with 8 processes), so one
    // 429 is tolerated; the windows above, measured on the sends that landed, must hold regardless.
    expect(bot.connector.throttledCount).toBeLessThanOrEqual(1);
    // …and is not needlessly slow: 20 sends at 8 per 2 s take a little over 4 s. A loaded machine stretches that (13 s
    // seen on PostgreSQL with the whole folder running on 2 cores); a pacer of one send a second would take over 19 s.
    expect(times.at(-1)! - times[0]!).toBeLessThan(18_000);
  }, 40_000);
});

