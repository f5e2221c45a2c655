import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_WORLD_CSV, CHANNELS, TEAM_ID } from '../support/alert-world.js';
import { faults, type ConnectorCall } from '../support/fake-connector.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsBotAddedToTeam, teamsMessage, type TeamsUser } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE } from '../support/world.js';

// brobygger_connector_responses_total counts every HTTP answer the Bot Connector gives, whatever asked for it:
// a turn's replies, the get-member call, the team's channel list, the outbox's proactive sends.

let bot: RunningBot;
/** Every request the fake connector received, answered or not (faulted, dropped). */
const heard: ConnectorCall[] = [];

async function responses(): Promise<Record<string, number>> {
  const metric = await bot.app.metrics!.registry.getSingleMetric('brobygger_connector_responses_total')!.get();
  return Object.fromEntries(metric.values.map((sample) => [String(sample.labels.status), sample.value]));
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/**
 * What a step added, per status label (labels it did not touch are left out), with the calls the connector heard
 * meanwhile, once `settled` holds for those calls and each has been counted.
 */
async function countedDuring(step: () => Promise<unknown>, settled: (calls: ConnectorCall[]) => boolean = () => true): Promise<{ counted: Record<string, number>; calls: ConnectorCall[] }> {
  const before = await responses();
  const heardBefore = heard.length;
  await step();
  // A call the SDK retries in the background, or a send left to the outbox worker, may still be under way.
  await waitUntil(async () => settled(heard.slice(heardBefore)) && total(await responses()) - total(before) >= heard.length - heardBefore);
  const after = await responses();
  const counted = Object.fromEntries(Object.entries(after).flatMap(([status, n]) => (n !== (before[status] ?? 0) ? [[status, n - (before[status] ?? 0)]] : [])));
  return { counted, calls: heard.slice(heardBefore) };
}

const replies = (calls: ConnectorCall[]) => calls.filter((call) => call.operation === 'reply').length;

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Anna's help reply answered 429 once: counted as the 429, then the SDK's retry as 2xx, and posted once. */
async function replyRetriedAfterOne429(): Promise<void> {
    const posted = bot.connector.postedActivities().length;
    bot.connector.injectFaultOnce((call) => (call.operation === 'reply' && isPersonalChatOf(PEOPLE.anna)(call) ? faults.throttled(1) : undefined));
    const { counted, calls } = await countedDuring(() => say(PEOPLE.anna, 'hjælp'));
    expect(counted).toEqual({ '429': 1, '2xx': replies(calls) - 1 });
    expect(bot.connector.postedActivities().length).toBe(posted + replies(calls) - 1);
}

const say = (from: TeamsUser, text: string) => bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text }));
const isPersonalChatOf = (user: TeamsUser) => (call: ConnectorCall) => call.conversationId === `a:personal-${user.aadObjectId}`;

beforeAll(async () => {
  bot = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, METRICS_PORT: '0' } });
  bot.connector.onRequest((call) => heard.push(call));
  bot.connector.teamChannels.set(TEAM_ID, [
    { id: TEAM_ID, name: 'General' },
    { id: CHANNELS.rusTeamA, name: 'Team A advis' },
  ]);
});
afterAll(async () => bot?.stop());

describe('brobygger_connector_responses_total counts every answer from the Bot Connector', () => {
  it("a turn's replies, each answered 201: 2xx", async () => {
    const { counted, calls } = await countedDuring(() => say(PEOPLE.anna, 'hjælp'));
    expect(replies(calls)).toBeGreaterThanOrEqual(1);
    expect(counted).toEqual({ '2xx': calls.length });
  });

  it('a reply answered 429 and retried by the SDK after Retry-After: the 429, then the 2xx; the reply arrives once', replyRetriedAfterOne429);

  it('a dropped connection: network, then the retry 2xx', async () => {
    bot.connector.injectFaultOnce((call) => (call.operation === 'reply' && isPersonalChatOf(PEOPLE.anna)(call) ? faults.drop() : undefined));
    const { counted, calls } = await countedDuring(() => say(PEOPLE.anna, 'hjælp'));
    expect(counted).toEqual({ network: 1, '2xx': replies(calls) - 1 });
  });

  it('the get-member call for an unknown Teams user answered 500, retried by the SDK and answered 404: each counted, and the replies', async () => {
    bot.connector.injectFaultOnce((call) => (call.operation === 'members' ? { status: 500, code: 'InternalServerError' } : undefined));
    const { counted, calls } = await countedDuring(
      () => say(PEOPLE.stranger, 'hjælp'),
      (calls) => calls.filter((call) => call.operation === 'members').length === 2,
    );
    expect(counted).toEqual({ '500': 1, '404': 1, '2xx': replies(calls) });
  });

  it("installing the bot in a team: the team's channel list (a Teams client of its own) and the reply", async () => {
    const { counted, calls } = await countedDuring(() => bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID })));
    expect(calls.map((call) => call.operation)).toContain('team-channels');
    expect(counted).toEqual({ '2xx': calls.length });
  });

  it("the outbox's proactive send answered 429, then sent by the worker's own retry: each counted once", async () => {
    bot.connector.injectFaultOnce((call) => (call.operation === 'send' && call.conversationId?.startsWith(CHANNELS.rusTeamA) ? faults.throttled(1) : undefined));
    const sendsToChannel = (calls: ConnectorCall[]) => calls.filter((call) => call.operation === 'send' && call.conversationId?.startsWith(CHANNELS.rusTeamA)).length;
    const { counted, calls } = await countedDuring(async () => {
      expect((await postEvent(bot.url, signedEvent(benefitStopped(CITIZENS.shared)))).status).toBe(202);
    }, (calls) => sendsToChannel(calls) === 2);
    expect(calls).toHaveLength(2);
    expect(counted).toEqual({ '429': 1, '2xx': 1 });
  });

  // Turns' clients are kept (client-cache.ts); the outbox sender takes the retry policy out of its own, never theirs.
  it("after the outbox's sends, a turn's reply answered 429 is still retried by the SDK: the reply arrives once", replyRetriedAfterOne429);

  it('in all: exactly the requests the connector received, none counted twice and none missed', async () => {
    expect(total(await responses())).toBe(heard.length);
  });
});
