import { hostname } from 'node:os';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bot/config/load-config.js';
import type { MessageSender } from '../../../bot/delivery/message-sender.js';
import { OutboxWorker } from '../../../bot/delivery/outbox-worker.js';
import { createAdapter } from '../../../bot/teams/create-adapter.js';
import { createProactiveSender } from '../../../bot/teams/proactive-sender.js';
import { openPostgresStore } from '../../../data/postgres/open-postgres-store.js';
import { createStore, rawDb, type Store } from '../../../data/store/store.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { postgresEnginesUnderTest } from '../../data/engines.js';
import { FakeConnector } from '../../support/fake-connector.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';
import { waitUntil } from '../../support/wait-until.js';

const TENANT = 'tenant-leases';
const CONVERSATIONS = 10;
const PER_CONVERSATION = 30;
const silent = pino({ level: 'silent' });

type Line = { msg: string; level: number };

describe('a delivery worker on SQLite: how its claims say whose they are', () => {
  it('claims a message under its owner, this host and process (how a takeover, and the kill test, tell whose claim a row is), leased for the lease time', async () => {
    const store = createStore(openDatabase(':memory:'));
    const release: (() => void)[] = [];
    const now = new Date();
    await store.conversations.remember({ conversationId: '19:owner@thread.tacv2', scope: 'channel', tenantId: TENANT, serviceUrl: 'https://smba.example/', teamId: null, aadObjectId: null, reference: {} }, now);
    await store.outbox.enqueue({ dedupeKey: 'owner-1', operation: 'post', conversationId: '19:owner@thread.tacv2', message: { text: 'hej' }, purpose: 'test', now });
    // The send waits until the test has looked at the claim.
    const sender: MessageSender = { send: () => new Promise((resolve) => release.push(() => resolve({ activityId: 'a-1' }))) };
    const delivery = new OutboxWorker({ store, sender, log: silent, hooks: { render: async () => ({ kind: 'text', text: 'hej' }) }, pollMs: 50, leaseMs: 30_000 });
    await delivery.start();
    await waitUntil(() => release.length === 1, 10_000);
    const claimed = rawDb(store).prepare("SELECT lease_owner AS owner, lease_until AS until FROM outbox WHERE dedupe_key = 'owner-1'").get() as { owner: string; until: string };
    expect(claimed.owner).toMatch(new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${process.pid}:[0-9a-f]{8}$`));
    expect(Date.parse(claimed.until) - Date.now()).toBeGreaterThan(20_000);
    release[0]!();
    await waitUntil(async () => (await store.outbox.countsByState()).sent === 1, 10_000);
    await delivery.stop();
    await store.close();
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`two delivery workers, each with its own store (pool) on one ${engine.label}`, () => {
    let scratch: ScratchDatabase;
    let connector: FakeConnector;
    let run = 0;
    const cleanup: (() => Promise<void> | void)[] = [];

    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_workers');
    });
    afterAll(async () => {
      await scratch?.drop();
    });
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    async function openStore(): Promise<Store> {
      const store = await openPostgresStore(scratch.url, { maxClients: 6, onIdleClientError: () => {} });
      cleanup.push(() => store.close());
      return store;
    }

    /** A fresh connector enforcing Teams' limits, `CONVERSATIONS` channels remembered, and `PER_CONVERSATION` messages queued in each. */
    async function queued(store: Store): Promise<string[]> {
      connector = new FakeConnector({ enforceTeamsLimits: true });
      await connector.start();
      cleanup.push(() => connector.stop());
      const prefix = `run${++run}`;
      const channels = Array.from({ length: CONVERSATIONS }, (_, i) => `19:${prefix}-${i}@thread.tacv2`);
      const now = new Date();
      for (const id of channels) {
        const reference = { channelId: 'msteams', serviceUrl: connector.url, conversation: { id, conversationType: 'channel', isGroup: true, tenantId: TENANT }, bot: { id: '28:brobygger-test-bot', name: 'Brobygger' } };
        await store.conversations.remember({ conversationId: id, scope: 'channel', tenantId: TENANT, serviceUrl: connector.url, teamId: null, aadObjectId: null, reference }, now);
      }
      for (let n = 0; n < PER_CONVERSATION; n++) {
        for (const id of channels) {
          await store.outbox.enqueue({ dedupeKey: `${prefix}-${id}-${n}`, operation: 'post', conversationId: id, message: { text: `${id} #${n}` }, purpose: 'test', now });
        }
      }
      return channels;
    }

    /** A worker with the real proactive sender (CloudAdapter, local mode: unauthenticated, loopback only). */
    function worker(store: Store, options: { leaseMs?: number; sender?: (real: MessageSender) => MessageSender; log?: Line[] } = {}) {
      const real = createProactiveSender(createAdapter(loadConfig({ LOCAL_MODE: 'true' }), silent), '', { loopbackOnly: true, timeoutMs: 10_000 });
      const log = options.log ? pino({ level: 'info' }, { write: (line: string) => void options.log!.push(JSON.parse(line)) }) : silent;
      const delivery = new OutboxWorker({
        store,
        sender: options.sender ? options.sender(real) : real,
        log,
        hooks: { render: async (_reads, row) => ({ kind: 'text', text: (row.message as { text: string }).text }) },
        pollMs: 100,
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      });
      cleanup.push(() => delivery.stop());
      return delivery;
    }

    const sentTexts = () => connector.calls.filter((call) => call.operation === 'send').map((call) => call.body.text as string);
    /** Every message reached the connector exactly once, each conversation's in the order they were queued. */
    function expectEachOnceInOrder(channels: string[]): void {
      const texts = sentTexts();
      expect(texts).toHaveLength(CONVERSATIONS * PER_CONVERSATION);
      expect(new Set(texts).size).toBe(texts.length);
      for (const id of channels) {
        expect(texts.filter((text) => text.startsWith(`${id} `))).toEqual(Array.from({ length: PER_CONVERSATION }, (_, n) => `${id} #${n}`));
      }
    }
    const outboxDone = async (store: Store) => {
      const counts = await store.outbox.countsByState();
      return counts.pending === 0 && counts.sending === 0;
    };

    it('share the outbox and one Teams budget: 300 messages over 10 conversations, each sent once, in order, without a single 429', async () => {
      const [one, two] = [await openStore(), await openStore()];
      const channels = await queued(one);
      const perWorker = [0, 0];
      const counting = (i: number) => (real: MessageSender): MessageSender => ({ send: (target, message, options) => (perWorker[i]!++, real.send(target, message, options)) });
      await Promise.all([worker(one, { sender: counting(0) }).start(), worker(two, { sender: counting(1) }).start()]);
      await waitUntil(() => outboxDone(one), 90_000);
      expectEachOnceInOrder(channels);
      expect(connector.throttleReasons, '429s from the connector').toEqual([]);
      expect(perWorker[0]! + perWorker[1]!).toBe(CONVERSATIONS * PER_CONVERSATION);
      expect(perWorker.every((n) => n > 0)).toBe(true);
    }, 120_000);

    it('do not take over the claims of a live worker whose sends take longer than a lease: it renews them', async () => {
      const [one, two] = [await openStore(), await openStore()];
      const channels = await queued(one);
      // The outcome of its first three sends comes back 9 s after the connector took them (as when recording it keeps
      // meeting serialisation failures): longer than its 3 s lease plus the other's 5 s between takeovers.
      let sends = 0;
      const slow = (real: MessageSender): MessageSender => ({
        send: async (target, message, options) => {
          const sent = await real.send(target, message, options);
          if (++sends <= 3) await new Promise((resolve) => setTimeout(resolve, 9000));
          return sent;
        },
      });
      const log: Line[] = [];
      await worker(two, { leaseMs: 3000, sender: slow }).start();
      await waitUntil(async () => sends >= 3, 30_000);
      await worker(one, { log }).start();
      await waitUntil(() => outboxDone(one), 120_000);
      expectEachOnceInOrder(channels);
      expect(log.filter((line) => line.msg.startsWith('claim expired'))).toEqual([]);
    }, 150_000);

    it("take over the claims of a worker that died mid-send (its pool gone, its claims no longer renewed) once their lease runs out, and send them", async () => {
      const [one, two] = [await openStore(), await openStore()];
      const channels = await queued(one);
      const log: Line[] = [];
      // The second worker hangs at its 20th send, before the request leaves, then loses its database: as if its process died.
      let sends = 0;
      const hung: (() => void)[] = [];
      const freezing = (real: MessageSender): MessageSender => ({
        send: (target, message, options) => {
          if (++sends < 20) return real.send(target, message, options);
          return new Promise((_, reject) => hung.push(() => reject(new Error('frozen instance'))));
        },
      });
      await worker(two, { leaseMs: 3000, sender: freezing }).start();
      cleanup.push(() => hung.forEach((release) => release()));
      await waitUntil(async () => hung.length > 0, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await two.close();
      await worker(one, { log }).start();
      await waitUntil(() => outboxDone(one), 120_000);
      expectEachOnceInOrder(channels);
      expect(connector.throttleReasons, '429s from the connector').toEqual([]);
      const frozenClaims = hung.length;
      expect(log.filter((line) => line.msg.startsWith('claim expired')).map((line) => line.level)).toHaveLength(frozenClaims);
      // The dead worker's late outcomes (failures, not even reaching the database) change nothing.
      hung.splice(0).forEach((release) => release());
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await one.outbox.countsByState()).toMatchObject({ pending: 0, sending: 0 });
      expect(sentTexts()).toHaveLength(CONVERSATIONS * PER_CONVERSATION);
    }, 150_000);
  });
}
