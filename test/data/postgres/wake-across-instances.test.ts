import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrobygger, type Brobygger } from '../../../bot/app.js';
import { loadConfig } from '../../../bot/config/load-config.js';
import { createLogger } from '../../../bot/log/logger.js';
import { openPgPool, type PgPool } from '../../../data/postgres/driver/pg-pool.js';
import { openPostgresStore } from '../../../data/postgres/open-postgres-store.js';
import { PgUnits } from '../../../data/postgres/pg-units.js';
import { othersWrote, wakePayload } from '../../../data/postgres/wake-channel.js';
import { WakeListener, type WakeConnectionEvent } from '../../../data/postgres/wake-listener.js';
import type { Wrote } from '../../../data/sql/commit-signal.js';
import type { Store, Tx } from '../../../data/store/store.js';
import { postgresEnginesUnderTest } from '../engines.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';
import { waitUntil } from '../../support/wait-until.js';
import { freezableProxy } from '../../support/freezable-proxy.js';

const ignoreLostClient = () => undefined;

describe('the wake notification payload', () => {
  it("is heard from another instance, not from this one's own, and a payload that is not ours is ignored", () => {
    const payload = wakePayload('instance-a', { outbox: true, announcementSends: false });
    expect(othersWrote(payload, 'instance-b')).toEqual({ outbox: true, announcementSends: false });
    expect(othersWrote(payload, 'instance-a')).toBeNull();
    expect(othersWrote('not json', 'instance-b')).toBeNull();
    expect(othersWrote('{"from":"x"}', 'instance-b')).toBeNull();
    expect(othersWrote(undefined, 'instance-b')).toBeNull();
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`two instances on one database (${engine.label}): a commit in one wakes the other (NOTIFY/LISTEN)`, () => {
    let scratch: ScratchDatabase;
    let a: Store;
    let b: Store;
    let look: PgPool;
    const heardByB: Wrote[] = [];
    const connectionOfB: WakeConnectionEvent['state'][] = [];
    let keys = 0;

    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_wake');
      a = await openPostgresStore(scratch.url, { maxClients: 2, onIdleClientError: ignoreLostClient, onWakeConnection: () => undefined });
      b = await openPostgresStore(scratch.url, {
        maxClients: 2,
        onIdleClientError: ignoreLostClient,
        onWakeConnection: (event) => connectionOfB.push(event.state),
        applicationName: 'brobygger-b',
      });
      b.onCommitted((wrote) => heardByB.push(wrote));
      look = openPgPool({ url: scratch.url, maxClients: 1, onIdleClientError: ignoreLostClient });
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await look?.end();
      await scratch?.drop();
    });

    const enqueue = (tx: Pick<Tx, 'outbox'>) =>
      tx.outbox.enqueue({ dedupeKey: `wake-${++keys}`, operation: 'post', conversationId: '19:wake@thread.tacv2', message: { kind: 'text', text: 'x' }, purpose: 'alert', now: new Date() });
    const scheduleOne = async () => {
      const id = await a.announcements.create({ kind: 'message', state: 'active', title: 't', body: 'b', url: null, audience: { units: ['X'] }, delivery: 'channels', sendAt: null, recurrence: null, source: 'system', createdBy: 'system', senderConversationId: null, now: new Date() });
      await a.transaction((tx) => tx.announcements.scheduleSend(id, new Date(Date.now() + 3_600_000)));
    };
    const heard = (what: keyof Wrote) => heardByB.filter((wrote) => wrote[what]).length;

    it("calls B's onCommitted listeners once A commits a unit that enqueued outbox rows, and not for a unit that rolled back", async () => {
      heardByB.length = 0;
      await expect(
        a.transaction(async (tx) => {
          await enqueue(tx);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      // Notifications arrive in commit order: once B has heard of this later commit, a notification of the rolled-back unit would have come first.
      await scheduleOne();
      await waitUntil(() => heard('announcementSends') > 0);
      expect(heard('outbox')).toBe(0);

      await a.transaction(async (tx) => {
        await enqueue(tx);
      });
      await waitUntil(() => heard('outbox') > 0);
      expect(heardByB.at(-1)).toEqual({ outbox: true, announcementSends: false });
    });

    it('also for a write outside any unit (its statement committed by itself)', async () => {
      heardByB.length = 0;
      await enqueue(a);
      await waitUntil(() => heard('outbox') > 0);
    });

    it('listens on a connection outside the pool, and after that connection is killed it reconnects, says so, and hears commits again', async () => {
      const [listening] = await look.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'brobygger-wake' AND query ILIKE 'LISTEN%' ORDER BY backend_start LIMIT 1");
      expect(listening).toBeDefined();
      // Both stores listen; kill both listening sessions so B's is among them whichever it is.
      await look.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'brobygger-wake' AND pid <> pg_backend_pid()");
      await waitUntil(() => connectionOfB.includes('recovered'), 15_000);
      expect(connectionOfB).toEqual(['lost', 'recovered']);
      // On recovery B looks at everything once (what was notified during the outage is gone).
      expect(heardByB.at(-1)).toEqual({ outbox: true, announcementSends: true });

      heardByB.length = 0;
      await a.transaction(async (tx) => {
        await enqueue(tx);
      });
      await waitUntil(() => heard('outbox') > 0, 15_000);
    });
  });
}

for (const engine of postgresEnginesUnderTest()) {
  describe(`a bot instance on ${engine.label}: its announcement scheduler wakes when another instance schedules a send`, () => {
    let scratch: ScratchDatabase;
    let other: Store;
    let bot: Brobygger;
    let look: PgPool;
    const logLines: { msg: string }[] = [];

    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_wake_bot');
      other = await openPostgresStore(scratch.url, { maxClients: 2, onIdleClientError: ignoreLostClient });
      const config = loadConfig({ LOCAL_MODE: 'true', DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: '3', LOG_LEVEL: 'debug', STATUS_MONTHLY_POST: 'false', RETENTION_DAILY: 'false' });
      const log = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(JSON.parse(line)) } });
      bot = await createBrobygger({ config, log });
      await bot.listen(0, '127.0.0.1');
      look = openPgPool({ url: scratch.url, maxClients: 1, onIdleClientError: ignoreLostClient });
    }, 60_000);

    afterAll(async () => {
      await bot?.shutdown(1000);
      await other?.close();
      await look?.end();
      await scratch?.drop();
    });

    /** A send due now, scheduled by the other instance; its state as the bot's fan-out leaves it. */
    const scheduledElsewhere = async () => {
      const id = await other.announcements.create({ kind: 'message', state: 'active', title: 'Meddelelse', body: 'Tekst', url: null, audience: { units: ['NO-SUCH-UNIT'] }, delivery: 'channels', sendAt: null, recurrence: null, source: 'system', createdBy: 'system', senderConversationId: null, now: new Date() });
      await other.announcements.scheduleSend(id, new Date());
      return async () => (await other.announcements.sends(id))[0]?.state;
    };

    // With nothing due the scheduler sleeps a minute (MAX_SLEEP_MS): a fan-out within 20 s came from the notification.
    it('fans out at once a send the other instance scheduled, though its scheduler slept for a minute', async () => {
      const state = await scheduledElsewhere();
      await waitUntil(async () => (await state()) === 'fanned-out', 20_000);
    });

    it('logs the loss of its listening connection once and its recovery, then wakes again', async () => {
      await look.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'brobygger-wake'");
      await waitUntil(() => logLines.some((line) => line.msg === "PostgreSQL: hearing other instances' commits again"), 20_000);
      expect(logLines.filter((line) => line.msg.startsWith('PostgreSQL: the connection that hears'))).toHaveLength(1);
      const state = await scheduledElsewhere();
      await waitUntil(async () => (await state()) === 'fanned-out', 20_000);
    });
  });
}

for (const engine of postgresEnginesUnderTest()) {
  describe(`the wake listener on ${engine.label} when its network path dies without a word`, () => {
    it('notices by its heartbeat that nothing answers, reconnects, and hears commits again', async () => {
      const scratch = await scratchDatabase(engine.url, 'brobygger_wake_silent');
      const writer = await openPostgresStore(scratch.url, { maxClients: 2, onIdleClientError: ignoreLostClient });
      const server = new URL(scratch.url);
      const proxy = await freezableProxy(server.hostname, Number(server.port));
      const viaProxy = new URL(scratch.url);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const heard: Wrote[] = [];
      const connection: WakeConnectionEvent['state'][] = [];
      const listener = new WakeListener({ url: viaProxy.toString(), self: 'listener', onWake: (wrote) => heard.push(wrote), onConnection: (event) => connection.push(event.state), heartbeatMs: 200, heartbeatTimeoutMs: 500 });
      const enqueue = (key: string) => writer.outbox.enqueue({ dedupeKey: key, operation: 'post', conversationId: '19:silent@thread.tacv2', message: { kind: 'text', text: 'x' }, purpose: 'alert', now: new Date() });
      try {
        await listener.start();
        await enqueue('silent-1');
        await waitUntil(() => heard.length > 0);
        // Every byte on the open connection is dropped from now on, and neither end is told (a NAT entry gone).
        proxy.freezeOpenConnections();
        await waitUntil(() => connection.includes('recovered'), 15_000);
        expect(connection).toEqual(['lost', 'recovered']);
        heard.length = 0;
        await enqueue('silent-2');
        await waitUntil(() => heard.some((wrote) => wrote.outbox && !wrote.announcementSends), 15_000);
      } finally {
        await Promise.race([listener.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
        await proxy.close();
        await writer.close();
        await scratch.drop();
      }
    });
  });
}

for (const engine of postgresEnginesUnderTest()) {
  describe(`the wake notification after a write outside a unit of work (${engine.label})`, () => {
    it("does not hold the caller up: a store call returns while its NOTIFY still waits for a connection; a NOTIFY that fails is reported", async () => {
      const scratch = await scratchDatabase(engine.url, 'brobygger_notify');
      const pool = openPgPool({ url: scratch.url, maxClients: 1, connectionTimeoutMs: 60_000, onIdleClientError: ignoreLostClient });
      const failures: unknown[] = [];
      const units = new PgUnits(pool, (error) => failures.push(error));
      let held: Awaited<ReturnType<PgPool['connect']>> | undefined;
      try {
        // The call wrote outbox rows, then the pool's only connection is taken: its NOTIFY must wait for it.
        const call = units.outside(async (frame) => {
          frame.wrote('outbox');
          held = await pool.connect();
        });
        const first = await Promise.race([call.then(() => 'returned'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 10_000))]);
        held?.release();
        held = undefined;
        expect(first).toBe('returned');
        await call;
        await pool.end();
        await units.outside(async (frame) => frame.wrote('outbox'));
        await waitUntil(() => failures.length === 1);
        expect(failures[0]).toBeInstanceOf(Error);
      } finally {
        held?.release();
        await pool.end().catch(() => undefined);
        await scratch.drop();
      }
    }, 60_000);
  });
}
