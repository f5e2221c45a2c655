import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEnginesUnderTest } from '../data/engines.js';
import { alertIdOf, postsPerAlert } from '../support/alert-posts.js';
import { countToArrival } from '../support/arrival-lag.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { FakeConnector, type ConnectorCall } from '../support/fake-connector.js';
import { manyChannelsCsv, rememberChannels } from '../support/many-channels-world.js';
import { postAlerts } from '../support/post-alerts.js';
import { postgresWorld, type PostgresWorld } from '../support/postgres-world.js';
import { localTcpPortsOf } from '../support/process-ports.js';
import { WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { worldDatabaseFile } from '../support/world.js';

/** 10 alerts per channel: per channel Teams allows 8 in 2 s, so the tenant's 50 per second is what binds. */
const CHANNELS = 50;
const ALERTS = 500;
/** The victim is killed at its first send from this one on (of either process's sends the connector receives). */
const KILL_AT_SEND = Math.round(ALERTS / 3);
const LEASE_SECONDS = 5;
/** The delivery worker's default number of sends in flight at once. */
const MAX_IN_FLIGHT = 16;
const DELIVERY_WAIT_MS = 120_000;

describe('counting the alert cards a connector received', () => {
  const call = (operation: ConnectorCall['operation'], body: unknown): ConnectorCall => ({ method: 'POST', path: '/', operation, conversationId: '19:c', activityId: null, body, headers: {}, at: 0, remotePort: null });

  it('counts posts per alert id from the cards\' actions, and neither updates of a card nor other messages', () => {
    const card = (alertId: number) => ({ attachments: [{ content: { actions: [{ data: { verb: 'alert.take', alertId } }] } }] });
    const calls = [call('send', card(7)), call('send', card(8)), call('send', card(7)), call('update', card(8)), call('send', { text: 'hej' })];
    expect(alertIdOf(calls[0]!)).toBe(7);
    expect(alertIdOf(calls[4]!)).toBeNull();
    expect([...postsPerAlert(calls)]).toEqual([
      [7, 2],
      [8, 1],
    ]);
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`two bot processes on one ${engine.label}, one killed with SIGKILL mid-delivery`, () => {
    const connector = new FakeConnector({ enforceTeamsLimits: true });
    let world: PostgresWorld;
    let bots: BotProcess[] = [];

    beforeAll(async () => {
      await connector.start();
      const sqlite = await worldDatabaseFile(manyChannelsCsv(CHANNELS, ALERTS));
      await rememberChannels(sqlite, connector.url, CHANNELS);
      world = await postgresWorld(engine.url, sqlite, 'brobygger_instances');
      const env = { DATABASE_URL: world.scratch.url, EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ALLOWED_TENANT_IDS: TEST_TENANT, OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS), LOG_LEVEL: 'info' };
      // One after the other: two starting together on a busy machine can miss spawnBot's start limit.
      for (let i = 0; i < 2; i++) bots.push(await spawnBot(env));
    }, 90_000);

    afterAll(async () => {
      for (const bot of bots) bot.child.kill('SIGKILL');
      await Promise.all(bots.map((bot) => bot.exited));
      await connector.stop();
      await world?.close();
    });

    const outboxStates = async () =>
      Object.fromEntries((await world.pool.query<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state ORDER BY state')).map((row) => [row.state, row.n]));

    it(`delivers all ${ALERTS} alerts, duplicating only sends in flight at the kill, without a 429`, { timeout: 300_000 }, async () => {
      const [victim, survivor] = bots as [BotProcess, BotProcess];
      let sends = 0;
      let killedAt = 0;
      let killedAtSend = 0;
      connector.onRequest((call) => {
        if (call.operation !== 'send' || ++sends < KILL_AT_SEND || killedAt) return;
        // The first send from KILL_AT_SEND on that came from the victim, told by the connection's source port.
        if (call.remotePort !== null && localTcpPortsOf(victim.child.pid!).has(call.remotePort)) {
          // Killed while the connector holds this request of the victim's unanswered: the victim has at least this send in flight.
          victim.child.kill('SIGKILL');
          killedAt = Date.now();
          killedAtSend = sends;
        }
      });

      const began = Date.now();
      const posting = postAlerts([victim, survivor], ALERTS, { concurrency: 8, run: 'kill' });
      posting.catch(() => undefined); // awaited below, after the kill
      let timer: NodeJS.Timeout | undefined;
      const notKilled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const why =
            sends < KILL_AT_SEND
              ? `the connector saw only ${sends} sends in ${DELIVERY_WAIT_MS / 1000} s`
              : `none of the connector's sends ${KILL_AT_SEND} to ${sends} in ${DELIVERY_WAIT_MS / 1000} s came from the victim`;
          reject(new Error(`${why}, so the victim was never killed`));
        }, DELIVERY_WAIT_MS);
      });
      await Promise.race([victim.exited, notKilled]).finally(() => clearTimeout(timer));
      // A send is in flight when it is claimed ('sending', leased to its instance) and its outcome is not recorded.
      // Once the victim is dead its claims stay exactly so until their lease runs out: they are the only sends that can
      // have reached Teams without the database knowing, so the only ones the survivor may send again (it marks them
      // uncertain when it takes them over). The survivor's own claims at this moment it completes itself.
      const sendingAtKill = new Map(
        (await world.pool.query<{ alert_id: number; lease_owner: string | null }>("SELECT alert_id, lease_owner FROM outbox WHERE state = 'sending' AND alert_id IS NOT NULL")).map((row) => [row.alert_id, row.lease_owner]),
      );
      const posted = await posting;
      expect(posted.accepted).toBe(ALERTS);

      const alertIds = (await world.pool.query<{ alert_id: number }>('SELECT alert_id FROM alerts ORDER BY alert_id')).map((row) => row.alert_id);
      expect(alertIds).toHaveLength(ALERTS);
      const started = Date.now();
      const undelivered = () => {
        const posts = postsPerAlert(connector.calls);
        return alertIds.filter((id) => !posts.has(id)).length;
      };
      while (undelivered() > 0) {
        if (Date.now() - started > DELIVERY_WAIT_MS) {
          const delivered = ALERTS - undelivered();
          throw new Error(
            `only ${delivered} of ${ALERTS} alerts reached the connector ${DELIVERY_WAIT_MS / 1000} s after the posts (killed at send ${killedAtSend}); ` +
              `outbox by state: ${JSON.stringify(await outboxStates())}; 429s: ${connector.throttledCount}; survivor's last lines:\n${survivor.output.slice(-5).join('\n')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The survivor records the last outcomes a moment after the connector answered them.
      const settled = Date.now();
      while (Object.keys(await outboxStates()).some((state) => state === 'pending' || state === 'sending') && Date.now() - settled < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      const posts = postsPerAlert(connector.calls);
      const duplicated = [...posts].filter(([, count]) => count > 1).map(([id]) => id);
      const takenOver = (await world.pool.query<{ alert_id: number }>('SELECT alert_id FROM outbox WHERE uncertain = 1 AND alert_id IS NOT NULL ORDER BY alert_id')).map((row) => row.alert_id);
      const victimOwner = `${hostname()}:${victim.child.pid}:`; // the worker's lease owner: host:pid:random
      const victimsClaims = [...sendingAtKill].filter(([, owner]) => owner?.startsWith(victimOwner)).map(([id]) => id);
      // The pacer's premise: a send arrives at most SEND_SAFETY_MS after its (last) count. Logged, to read a 429 by.
      const lags = await countToArrival(world.pool, connector.calls);
      console.log(
        `several instances: killed at send ${killedAtSend} (the victim's first from ${KILL_AT_SEND} on) ${((killedAt - began) / 1000).toFixed(1)} s and all delivered ${((Date.now() - began) / 1000).toFixed(1)} s after the first post; ` +
          `${sendingAtKill.size} rows 'sending' at the kill, ${victimsClaims.length} of them the victim's; ${takenOver.length} taken over, ${duplicated.length} alerts posted twice; ` +
          `${connector.throttledCount} 429s; ${posted.failedOver} events re-posted to the survivor, ${posted.retried} 503s retried; ` +
          lags,
      );
      expect(connector.throttleReasons, '429s from the connector').toEqual([]);
      expect(alertIds.filter((id) => !posts.has(id)), 'alerts never posted').toEqual([]);
      expect(victimsClaims.length, 'the victim had claims in flight at the kill').toBeGreaterThan(0);
      expect(victimsClaims.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      expect(duplicated.filter((id) => !victimsClaims.includes(id)), 'alerts posted twice that the victim did not have in flight at the kill').toEqual([]);
      expect(takenOver.filter((id) => !victimsClaims.includes(id)), "rows taken over that were not the victim's claims at the kill (a live instance's lease ran out)").toEqual([]);
      expect(Math.max(...posts.values())).toBeLessThanOrEqual(2);
      const states = await outboxStates();
      expect(states).not.toHaveProperty('pending');
      expect(states).not.toHaveProperty('sending');
      expect(states.sent).toBe(ALERTS);
    });
  });
}
