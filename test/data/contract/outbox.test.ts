import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewOutboxRow, OutboxRow } from '../../../data/repositories/outbox.js';
import { contractEngines, rejectionOf, type ContractEngine } from './contract-engines.js';
import { acceptedAlert } from './alert-rows.js';
import { startUnleasedAttemptOver } from '../../support/start-unleased-attempt.js';

const at = (time: string, day = '2025-06-02') => new Date(`${day}T${time}:00.000Z`);
const iso = (time: string, day = '2025-06-02') => at(time, day).toISOString();
const post = (dedupeKey: string, conversationId: string, extra: Partial<NewOutboxRow> = {}): NewOutboxRow => ({
  dedupeKey,
  operation: 'post',
  conversationId,
  message: { kind: 'alert', text: 'Borger ringede' },
  purpose: 'alert',
  now: at('08:00'),
  ...extra,
});

for (const { label, open } of contractEngines()) {
  describe(`outbox on ${label}`, () => {
    let engine: ContractEngine;
    const outbox = () => engine.repositories.outbox;
    /** A pending row being sent, as the worker's claim leaves it but without a lease. */
    const startAttempt = (id: number, now: Date) => startUnleasedAttemptOver(engine.sql, id, now);
    /** An accepted event and its alert (outbox rows of an alert point at it). */
    const alertFor = (webhookId: string, channelId: string | null = '19:jc') => acceptedAlert(engine, webhookId, channelId, '07:00');

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('enqueues under a new id, finds the row as written, and writes nothing for a dedupe key it already has', async () => {
      const first = await outbox().enqueue(post('enq-1', 'conv-enq', { notBefore: at('08:05') }));
      expect(first).toEqual(expect.any(Number));
      const reply = await outbox().enqueue({ ...post('enq-2', 'conv-enq'), operation: 'reply', threadOf: first, purpose: 'alert-reply' });
      expect(reply).toBeGreaterThan(first!);
      expect(await outbox().enqueue(post('enq-1', 'conv-other'))).toBeNull();
      const expected: OutboxRow = {
        id: first!,
        dedupeKey: 'enq-1',
        operation: 'post',
        conversationId: 'conv-enq',
        threadOf: null,
        targetOf: null,
        message: { kind: 'alert', text: 'Borger ringede' },
        alertId: null,
        purpose: 'alert',
        state: 'pending',
        attempts: 0,
        nextAttemptAt: iso('08:05'),
        createdAt: iso('08:00'),
        redrivenAt: null,
        sentAt: null,
        activityId: null,
        uncertain: false,
        lastError: null,
      };
      expect(await outbox().find(first!)).toEqual(expected);
      expect(await outbox().find(reply!)).toMatchObject({ operation: 'reply', threadOf: first, nextAttemptAt: iso('08:00') });
      expect(await engine.sql.all("SELECT conversation_id FROM outbox WHERE dedupe_key = 'enq-1'")).toEqual([{ conversation_id: 'conv-enq' }]);
      expect(await outbox().find(999_999)).toBeNull();
    });

    it('hands one id to only one of two enqueues of the same key at the same moment', async () => {
      const both = await Promise.all([outbox().enqueue(post('enq-race', 'conv-race')), outbox().enqueue(post('enq-race', 'conv-race'))]);
      expect(both.filter((id) => id === null)).toHaveLength(1);
      expect(await engine.sql.all("SELECT count(*) AS n FROM outbox WHERE dedupe_key = 'enq-race'")).toEqual([{ n: 1 }]);
    });

    it('writes nothing of a unit of work that fails after enqueueing', async () => {
      const failure = await rejectionOf(
        engine.transaction(async (tx) => {
          await tx.outbox.enqueue(post('enq-rolled-back', 'conv-rb'));
          throw new Error('the fact behind the message was refused');
        }),
      );
      expect(failure.message).toBe('the fact behind the message was refused');
      expect(await engine.sql.all("SELECT id FROM outbox WHERE dedupe_key = 'enq-rolled-back'")).toEqual([]);
    });

    it("gives each conversation's oldest due row, oldest first, and the earliest time anything is due", async () => {
      const day = '2001-01-01'; // earlier than every other test's rows, so the earliest due time is this test's
      const a1 = await outbox().enqueue(post('due-a1', 'conv-due-a', { now: at('09:00', day) }));
      const b1 = await outbox().enqueue(post('due-b1', 'conv-due-b', { now: at('09:01', day) }));
      await outbox().enqueue(post('due-a2', 'conv-due-a', { now: at('09:02', day) }));
      await outbox().enqueue(post('due-c1', 'conv-due-c', { now: at('09:03', day), notBefore: at('12:00', day) }));
      const heads = (await outbox().dueHeads(at('10:00', day))).filter((head) => head.conversationId.startsWith('conv-due-'));
      expect(heads).toEqual([
        { conversationId: 'conv-due-a', id: a1 },
        { conversationId: 'conv-due-b', id: b1 },
      ]);
      expect(await outbox().nextDueAt()).toEqual(at('09:00', day));
    });

    it('moves a row through sending to sent once, retries and gives up, and re-drives dead rows', async () => {
      const id = (await outbox().enqueue(post('life-1', 'conv-life')))!;
      await startAttempt(id, at('08:10'));
      await outbox().retryAt(id, at('08:20'), 'HTTP 503');
      expect(await outbox().find(id)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: iso('08:20'), lastError: 'HTTP 503' });
      await outbox().retryAt(id, at('08:25'), null);
      expect(await outbox().find(id)).toMatchObject({ nextAttemptAt: iso('08:25'), lastError: 'HTTP 503' });
      expect(await outbox().markSent(id, 'act-1', at('08:21'))).toBe(false);
      await startAttempt(id, at('08:25'));
      expect(await outbox().markSent(id, 'act-1', at('08:26'))).toBe(true);
      expect(await outbox().markSent(id, 'act-2', at('08:27'))).toBe(false);
      expect(await outbox().find(id)).toMatchObject({ state: 'sent', attempts: 2, activityId: 'act-1', sentAt: iso('08:26'), lastError: null });

      const dead = (await outbox().enqueue(post('life-dead', 'conv-life')))!;
      const deadToo = (await outbox().enqueue(post('life-dead-2', 'conv-life')))!;
      const failed = (await outbox().enqueue(post('life-failed', 'conv-life')))!;
      await outbox().finish(dead, 'dead', 'HTTP 403');
      await outbox().finish(deadToo, 'dead', null);
      await outbox().finish(failed, 'failed', 'conversation gone');
      await outbox().finish(id, 'dead', 'too late'); // sent stays sent
      expect((await outbox().listDead()).map((row) => row.id)).toEqual([dead, deadToo]);
      expect((await outbox().listDead(1)).map((row) => row.id)).toEqual([dead]);
      expect(await outbox().find(id)).toMatchObject({ state: 'sent' });

      expect(await outbox().redrive(dead, at('09:00'))).toBe(true);
      expect(await outbox().redrive(dead, at('09:00'))).toBe(false);
      expect(await outbox().redrive(failed, at('09:00'))).toBe(false);
      expect(await outbox().find(dead)).toMatchObject({ state: 'pending', attempts: 0, redrivenAt: iso('09:00'), nextAttemptAt: iso('09:00') });
      await outbox().finish(dead, 'dead', null);
      expect(await outbox().redriveAllDead(at('09:30'))).toEqual([dead, deadToo]);
      expect(await outbox().redriveAllDead(at('09:31'))).toEqual([]);
      expect(await outbox().listDead()).toEqual([]);
    });

    it('records a send that returned no activity id as sent with none', async () => {
      const id = (await outbox().enqueue(post('sent-no-activity', 'conv-sent-no-activity')))!;
      await startAttempt(id, at('08:30'));
      expect(await outbox().markSent(id, null, at('08:31'))).toBe(true);
      expect(await outbox().find(id)).toMatchObject({ state: 'sent', attempts: 1, activityId: null });
    });

    it('takes over rows left in sending without a lease (by a sender from before migration 017): pending again, marked uncertain, in id order', async () => {
      const first = (await outbox().enqueue(post('crash-1', 'conv-crash')))!;
      const second = (await outbox().enqueue(post('crash-2', 'conv-crash')))!;
      await startAttempt(second, at('08:40'));
      await startAttempt(first, at('08:41'));
      const recovered = await outbox().takeOverExpired(at('08:50'));
      expect(recovered.map((row) => [row.id, row.state, row.uncertain, row.attempts])).toEqual([
        [first, 'pending', true, 1],
        [second, 'pending', true, 1],
      ]);
      expect(await outbox().find(first)).toMatchObject({ state: 'pending', uncertain: true, attempts: 1, nextAttemptAt: iso('08:50') });
      expect(await outbox().takeOverExpired(at('08:51'))).toEqual([]);
    });

    it("at a worker's start takes over a row left in sending without a lease", async () => {
      const id = (await outbox().enqueue(post('crash-start', 'conv-crash-start')))!;
      await startAttempt(id, at('08:52'));
      const taken = (await outbox().takeOverAtStart(at('08:53'))).filter((row) => row.conversationId === 'conv-crash-start');
      expect(taken.map((row) => [row.id, row.state, row.uncertain, row.attempts])).toEqual([[id, 'pending', true, 1]]);
    });

    it("re-routes only waiting or dead rows, and lists an alert's posts and the ones with nowhere to go", async () => {
      const alertId = await alertFor('wh-outbox-posts', null);
      const before = await outbox().pendingAlertMessages();
      const waiting = (await outbox().enqueue(post('alert-waiting', '', { alertId })))!;
      const gaveUp = (await outbox().enqueue(post('alert-dead', '', { alertId })))!;
      const sent = (await outbox().enqueue(post('alert-sent', '19:jc', { alertId })))!;
      await outbox().enqueue({ ...post('alert-reply', '19:jc', { alertId }), operation: 'reply', threadOf: sent });
      await outbox().finish(gaveUp, 'dead', 'no channel');
      await startAttempt(sent, at('08:01'));
      await outbox().markSent(sent, 'act-sent', at('08:02'));
      expect(await outbox().pendingAlertMessages()).toBe(before + 2);
      expect(await outbox().waitingPostsOf(alertId)).toEqual([
        { id: waiting, state: 'pending' },
        { id: gaveUp, state: 'dead' },
      ]);
      expect((await outbox().postsOf(alertId)).map((row) => row.id)).toEqual([waiting, sent]);

      await outbox().retargetTo(waiting, '19:new');
      await outbox().retargetTo(gaveUp, '19:new');
      await outbox().retargetTo(sent, '19:new');
      expect((await outbox().find(waiting))?.conversationId).toBe('19:new');
      expect((await outbox().find(gaveUp))?.conversationId).toBe('19:new');
      expect((await outbox().find(sent))?.conversationId).toBe('19:jc');
      expect(await outbox().waitingPostsOf(alertId)).toEqual([]);
    });

    it('counts the rows in every state, also the states nothing is in', async () => {
      const counts = await outbox().countsByState();
      const rows = await engine.sql.all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state ORDER BY state');
      expect(counts).toEqual({ pending: 0, sending: 0, sent: 0, dead: 0, failed: 0, cancelled: 0, ...Object.fromEntries(rows.map((row) => [row.state, row.n])) });
      expect(counts.cancelled).toBe(0);
      expect(counts.sent).toBeGreaterThanOrEqual(3);
    });
  });
}
