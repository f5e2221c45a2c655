import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../../bot/delivery/outbox-worker.js';
import type { MessageSender, SendTarget } from '../../../bot/delivery/message-sender.js';
import type { Store } from '../../../data/store/store.js';
import { storeGivingUpOnLocks, type HeldLock } from '../../support/store-giving-up-on-locks.js';
import { worldDatabase } from '../../support/world.js';
import { waitUntil } from '../../support/wait-until.js';
import { startUnleasedAttempt } from '../../support/start-unleased-attempt.js';

const CHANNEL = '19:busy-test@thread.tacv2';
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A store that gives up on a held lock after 20 ms, on the engine under test, and how another process takes its write lock. */
async function storeWithLockHolder(): Promise<{ store: Store; holdLock(): Promise<HeldLock> }> {
  const { store, holdLock } = await storeGivingUpOnLocks(await worldDatabase());
  cleanup.push(() => store.close());
  const now = new Date();
  await store.conversations.remember({ conversationId: CHANNEL, scope: 'channel', tenantId: 't', serviceUrl: 'http://127.0.0.1:1/', teamId: null, aadObjectId: null, reference: {} }, now);
  return { store, holdLock };
}

async function enqueue(store: Store, key: string): Promise<number> {
  return (await store.outbox.enqueue({ dedupeKey: key, operation: 'post', conversationId: CHANNEL, message: { text: key }, purpose: 'test', now: new Date(Date.now() - 1000) }))!;
}

function startWorker(store: Store, beforeAnswer: () => Promise<void> = async () => {}) {
  const sent: string[] = [];
  const logLines: { msg: string; level: number }[] = [];
  const sender: MessageSender = {
    send: async (_target: SendTarget, message) => {
      sent.push(message?.kind === 'text' ? message.text : '?');
      await beforeAnswer();
      return { activityId: `activity-${sent.length}` };
    },
  };
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  const worker = new OutboxWorker({
    store,
    sender,
    log,
    hooks: { render: async (_reads, row) => ({ kind: 'text', text: String((row.message as { text: string }).text) }) },
    pollMs: 50,
  });
  cleanup.push(() => worker.stop());
  return { worker, sent, logLines, pauses: () => logLines.filter((line) => line.msg.includes('pausing')).length };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the delivery worker while another process holds the write lock (SQLite: the file\'s; PostgreSQL: every table, EXCLUSIVE)', () => {
  it('starts without waiting, pauses with growing pauses instead of spinning, sends nothing, then sends everything once after the release', async () => {
    const { store, holdLock } = await storeWithLockHolder();
    const interrupted = await enqueue(store, 'interrupted by a crash');
    await startUnleasedAttempt(store, interrupted, new Date());
    const pending = await enqueue(store, 'pending');
    const lock = await holdLock();
    cleanup.push(async () => void (await lock.release()));

    const { worker, sent, logLines, pauses } = startWorker(store);
    expect(await worker.start()).toEqual({ recovered: 0 });
    await sleep(2000);
    expect(sent).toEqual([]);
    // Spinning at the 20 ms busy timeout would try ~100 times in 2 s; pauses of 250 ms, 500 ms, 1 s… allow a handful.
    expect(pauses()).toBeGreaterThan(0);
    expect(pauses()).toBeLessThanOrEqual(6);
    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);

    await lock.release();
    await waitUntil(async () => (await Promise.all([interrupted, pending].map((id) => store.outbox.find(id)))).every((row) => row?.state === 'sent'), 10_000);
    expect(sent.sort()).toEqual(['interrupted by a crash', 'pending']);
    expect((await store.outbox.find(interrupted))?.uncertain).toBe(true);
  }, 20_000);

  it('records a send that finished while the lock was taken, once the lock is released, without sending it again', async () => {
    const { store, holdLock } = await storeWithLockHolder();
    const row = await enqueue(store, 'sent during the lock');
    let lock: HeldLock | null = null;
    cleanup.push(async () => void (await lock?.release()));
    // The other process takes the lock while the message is on its way to Teams.
    const { worker, sent } = startWorker(store, async () => {
      lock = await holdLock();
    });
    await worker.start();
    await waitUntil(() => sent.length === 1, 5000);
    await sleep(1000);
    expect((await store.outbox.find(row))?.state).toBe('sending');
    await lock!.release();
    await waitUntil(async () => (await store.outbox.find(row))?.state === 'sent', 10_000);
    expect((await store.outbox.find(row))?.activityId).toBe('activity-1');
    expect(sent).toHaveLength(1);
  }, 20_000);
});
