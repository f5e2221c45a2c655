import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../../bot/delivery/outbox-worker.js';
import type { MessageSender } from '../../../bot/delivery/message-sender.js';
import { SEND_LATE_MS, SEND_SAFETY_MS } from '../../../data/repositories/delivery-pacing.js';
import { worldStore } from '../../support/world.js';
import { sqlColumn } from '../../support/raw-sql.js';
import { waitUntil } from '../../support/wait-until.js';

const CHANNEL = '19:late-send@thread.tacv2';
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

// Teams counts a send when it arrives, the pacer when it is claimed: a send that would leave much later than it was
// counted (slow rendering, a slow client, a loaded machine) is counted again right before its request, so it cannot
// meet later sends in one window. The sender here behaves as the real one: beforeRequest is its last step.
describe('the delivery worker and a send that would leave late', () => {
  async function sendOne(renderMs: number, senderMs = 0) {
    const store = await worldStore();
    cleanup.push(() => store.close());
    await store.conversations.remember({ conversationId: CHANNEL, scope: 'channel', tenantId: 'tenant-late', serviceUrl: 'http://127.0.0.1:1/', teamId: null, aadObjectId: null, reference: {} }, new Date());
    const id = (await store.outbox.enqueue({ dedupeKey: `late-${renderMs}`, operation: 'post', conversationId: CHANNEL, message: { text: 'hej' }, purpose: 'test', now: new Date(Date.now() - 1000) }))!;
    const left: number[] = [];
    const sender: MessageSender = {
      send: async (_target, _message, options) => {
        await new Promise((resolve) => setTimeout(resolve, senderMs));
        await options?.beforeRequest?.();
        left.push(Date.now());
        return { activityId: 'a-1' };
      },
    };
    const lines: { msg: string; lateMs?: number }[] = [];
    const worker = new OutboxWorker({
      store,
      sender,
      log: pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
      hooks: { render: async () => (await new Promise((resolve) => setTimeout(resolve, renderMs)), { kind: 'text', text: 'hej' }) },
      pollMs: 50,
    });
    cleanup.push(() => worker.stop());
    await worker.start();
    await waitUntil(async () => (await store.outbox.find(id))?.state === 'sent', 10_000);
    const counted = (await sqlColumn(store, "SELECT sent_at_ms FROM delivery_sends WHERE scope_key = 't:tenant-late' ORDER BY sent_at_ms")).map(Number);
    return { left, counted, recounts: lines.filter((line) => line.msg.includes('counted again')) };
  }

  it(`counts a send again when its rendering took longer than SEND_LATE_MS (${SEND_LATE_MS} ms): it leaves right after the second count`, async () => {
    const { left, counted, recounts } = await sendOne(SEND_SAFETY_MS * 2);
    expect(left).toHaveLength(1);
    expect(counted).toHaveLength(2);
    expect(counted[1]! - counted[0]!).toBeGreaterThanOrEqual(SEND_SAFETY_MS * 2);
    expect(left[0]! - counted[1]!).toBeLessThan(SEND_SAFETY_MS);
    expect(recounts).toHaveLength(1);
    expect(recounts[0]!.lateMs).toBeGreaterThanOrEqual(SEND_SAFETY_MS * 2);
  });

  it('counts a send again when the sender itself took that long before its request (the check is its last step)', async () => {
    const { left, counted, recounts } = await sendOne(0, SEND_SAFETY_MS * 2);
    expect(left).toHaveLength(1);
    expect(counted).toHaveLength(2);
    expect(counted[1]! - counted[0]!).toBeGreaterThanOrEqual(SEND_SAFETY_MS * 2);
    expect(left[0]! - counted[1]!).toBeLessThan(SEND_SAFETY_MS);
    expect(recounts).toHaveLength(1);
  });

  it('counts a send rendered and sent at once only at its claim', async () => {
    const { left, counted, recounts } = await sendOne(0);
    expect(left).toHaveLength(1);
    expect(counted).toHaveLength(1);
    expect(recounts).toEqual([]);
  });
});
