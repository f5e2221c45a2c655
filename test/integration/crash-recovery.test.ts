import { afterAll, describe, expect, it } from 'vitest';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { manyChannelsCsv, rememberChannels, syntheticCpr } from '../support/many-channels-world.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT, type SignedRequest } from '../support/signed-event.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { sqlColumn, sqlRows, sqlValue } from '../support/raw-sql.js';
import { waitUntil } from '../support/wait-until.js';
import { worldDatabase } from '../support/world.js';

const ALERTS = 200;
const TEAMS = 25;

const connector = new FakeConnector();
let bot: BotProcess | null = null;
afterAll(async () => {
  bot?.child.kill('SIGKILL');
  await connector.stop();
});

/** The alert id each posted card carries (in its buttons' data). */
function alertIdOf(activity: any): number | null {
  const match = /"alertId":(\d+)/.exec(JSON.stringify(activity?.attachments?.[0]?.content ?? {}));
  return match ? Number(match[1]) : null;
}

describe('crash during delivery (kill -9)', () => {
  it('after a restart every accepted event is delivered, and only a send cut off mid-flight can be repeated', { timeout: 180_000 }, async () => {
    await connector.start();
    const database = await worldDatabase(manyChannelsCsv(TEAMS, ALERTS));
    const inspector = await database.open();
    await rememberChannels(inspector, connector.url, TEAMS);
    const env = { ...database.env, EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' };
    bot = await spawnBot(env);

    // BIF's system sends 200 events, a few at a time; a request cut off by the crash is retried with the same id.
    const requests: SignedRequest[] = Array.from({ length: ALERTS }, (_, n) => signedEvent(benefitStopped(syntheticCpr(n), { note: `event ${n}` })));
    const accepted = new Set<string>();
    const sendAll = async (url: string) => {
      for (let start = 0; start < requests.length; start += 10) {
        await Promise.all(
          requests.slice(start, start + 10).map(async (request) => {
            if (accepted.has(request.id)) return;
            const response = await postEvent(url, request).catch(() => null);
            if (response?.status === 202) accepted.add(request.id);
          }),
        );
      }
    };
    const firstRun = sendAll(bot.url);
    // Kill at an arbitrary moment once delivery is under way, as a crash would.
    await connector.waitFor((calls) => calls.filter((call) => call.operation === 'send').length >= 20, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 400)));
    bot.child.kill('SIGKILL');
    await bot.exited;
    await firstRun;
    const sendsBeforeCrash = connector.calls.filter((call) => call.operation === 'send').length;

    // What the crash left: rows whose send may or may not have reached Teams.
    const inFlightAtCrash = await sqlColumn<number>(inspector, "SELECT alert_id FROM outbox WHERE state = 'sending'");

    bot = await spawnBot(env);
    await sendAll(bot.url);
    expect(accepted.size).toBe(ALERTS);
    await connector.waitFor((calls) => new Set(calls.filter((call) => call.operation === 'send').map((call) => alertIdOf(call.body))).size >= ALERTS, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const postsPerAlert = new Map<number, number>();
    for (const call of connector.calls.filter((c) => c.operation === 'send')) {
      const id = alertIdOf(call.body)!;
      postsPerAlert.set(id, (postsPerAlert.get(id) ?? 0) + 1);
    }
    const duplicated = [...postsPerAlert].filter(([, posts]) => posts > 1).map(([id]) => id);
    console.log(`crash test: ${sendsBeforeCrash} cards posted before the kill, ${inFlightAtCrash.length} send(s) in flight at the kill, ${duplicated.length} duplicate(s)`);
    expect(postsPerAlert.size).toBe(ALERTS);
    // A card is posted twice only when the kill fell between Teams accepting the post and the bot recording it.
    for (const id of duplicated) expect(inFlightAtCrash).toContain(id);
    expect(duplicated.length).toBeLessThanOrEqual(inFlightAtCrash.length);

    // Each send is recorded once Teams has answered it: wait for the last ones' bookkeeping, not a fixed time.
    const unsent = () => sqlRows<{ id: number; state: string; operation: string; attempts: number }>(inspector, "SELECT id, state, operation, attempts FROM outbox WHERE state <> 'sent' ORDER BY id");
    await waitUntil(async () => (await unsent()).length === 0).catch(() => undefined);
    expect(await unsent()).toEqual([]);
    expect(await sqlValue(inspector, 'SELECT count(*) FROM events')).toBe(ALERTS);
  });
});
