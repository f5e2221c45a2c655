import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../../bot/delivery/outbox-worker.js';
import type { MessageSender } from '../../../bot/delivery/message-sender.js';
import { worldStore } from '../../support/world.js';
import { waitUntil } from '../../support/wait-until.js';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the delivery worker at start, on the engine under test', () => {
  it('sends its first card alone (its render and its request are cold and slow), then the rest', async () => {
    const store = await worldStore();
    cleanup.push(() => store.close());
    const channels = ['19:warm-a@thread.tacv2', '19:warm-b@thread.tacv2', '19:warm-c@thread.tacv2', '19:warm-d@thread.tacv2'];
    const now = new Date();
    for (const [n, conversationId] of channels.entries()) {
      await store.conversations.remember({ conversationId, scope: 'channel', tenantId: 't', serviceUrl: 'http://127.0.0.1:1/', teamId: null, aadObjectId: null, reference: {} }, now);
      await store.outbox.enqueue({ dedupeKey: `warm-${n}`, operation: 'post', conversationId, message: { text: `card ${n}` }, purpose: 'test', now: new Date(now.getTime() - 1000) });
    }
    const renders: { start: number; end: number }[] = [];
    const sent: string[] = [];
    let firstSentAt = Infinity;
    const sender: MessageSender = {
      send: async (_target, message) => {
        // The first request is cold too (a connection to open).
        if (sent.length === 0) await sleep(100);
        sent.push(message?.kind === 'text' ? message.text : '?');
        if (sent.length === 1) firstSentAt = performance.now();
        return { activityId: `activity-${sent.length}` };
      },
    };
    const worker = new OutboxWorker({
      store,
      sender,
      log: pino({ level: 'silent' }),
      hooks: {
        render: async (_reads, row) => {
          const render = { start: performance.now(), end: Infinity };
          renders.push(render);
          // The first render is cold; the others are quick.
          await sleep(renders.length === 1 ? 150 : 5);
          render.end = performance.now();
          return { kind: 'text', text: String((row.message as { text: string }).text) };
        },
      },
      pollMs: 50,
    });
    await worker.start();
    cleanup.push(() => worker.stop());
    await waitUntil(() => sent.length === channels.length);
    const [first, ...rest] = renders;
    expect(rest.length).toBe(channels.length - 1);
    // Nothing else was claimed and rendered until the first card, rendered and sent cold, had gone out.
    for (const render of rest) expect(render.start).toBeGreaterThanOrEqual(Math.max(first!.end, firstSentAt));
  });
});
