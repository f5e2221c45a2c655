import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_SAFETY_MS } from '../../../data/repositories/delivery-pacing.js';
import type { ClaimRequest, NewOutboxRow } from '../../../data/repositories/outbox.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const at = (time: string) => new Date(`2025-06-02T${time}.000Z`);
const LEASE_MS = 60_000;
const post = (dedupeKey: string, conversationId: string): NewOutboxRow => ({
  dedupeKey,
  operation: 'post',
  conversationId,
  message: { kind: 'alert', text: 'Borger ringede' },
  purpose: 'alert',
  now: at('08:00:00'),
});

for (const { kind, label, open } of contractEngines()) {
  describe(`outbox claims with leases on ${label}`, () => {
    let engine: ContractEngine;
    const outbox = () => engine.repositories.outbox;
    const claimBy = (owner: string, tenantId: string, now: Date): ClaimRequest => ({ owner, leaseMs: LEASE_MS, tenantId, clock: () => now });
    const enqueue = async (key: string, conversationId: string) => (await outbox().enqueue(post(key, conversationId)))!;

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('gives a row to exactly one of two workers claiming it at the same moment, leased to that one', async () => {
      const id = await enqueue('race-1', 'conv-race');
      const claims = await Promise.all([outbox().claim(id, claimBy('worker-a', 'tenant-race', at('08:01:00'))), outbox().claim(id, claimBy('worker-b', 'tenant-race', at('08:01:00')))]);
      const won = claims.filter((claim) => claim.claimed);
      expect(won).toHaveLength(1);
      expect(claims.find((claim) => !claim.claimed)).toEqual({ claimed: false });
      expect(won[0]).toMatchObject({ row: { id, state: 'sending', attempts: 1 } });
      const lease = await engine.sql.get('SELECT lease_owner, lease_until FROM outbox WHERE id = @id', { id });
      expect(lease).toEqual({ lease_owner: expect.stringMatching(/^worker-[ab]$/), lease_until: '2025-06-02T08:02:00.000Z' });
    });

    it('refuses a row that is not pending or not due yet', async () => {
      const id = (await outbox().enqueue({ ...post('not-due', 'conv-not-due'), notBefore: at('09:00:00') }))!;
      expect(await outbox().claim(id, claimBy('w', 'tenant-not-due', at('08:59:59')))).toEqual({ claimed: false });
      await outbox().finish(id, 'cancelled', null);
      expect(await outbox().claim(id, claimBy('w', 'tenant-not-due', at('09:00:00')))).toEqual({ claimed: false });
    });

    it("refuses a second row of the same conversation (its threads included) while the first is leased; allows it after the owner's markSent", async () => {
      const first = await enqueue('conv-one-1', '19:one@thread');
      const reply = await enqueue('conv-one-2', '19:one@thread;messageid=17');
      const elsewhere = await enqueue('conv-one-3', '19:one@thread2');
      expect(await outbox().claim(first, claimBy('worker-a', 'tenant-one', at('08:01:00')))).toMatchObject({ claimed: true });
      expect(await outbox().claim(reply, claimBy('worker-b', 'tenant-one', at('08:01:01')))).toEqual({ claimed: false });
      expect(await outbox().claim(elsewhere, claimBy('worker-b', 'tenant-one', at('08:01:01')))).toMatchObject({ claimed: true });
      expect(await outbox().markSent(first, 'act-1', at('08:01:02'), 'worker-b')).toBe(false);
      expect(await outbox().markSent(first, 'act-1', at('08:01:02'), 'worker-a')).toBe(true);
      expect(await outbox().claim(reply, claimBy('worker-b', 'tenant-one', at('08:01:03')))).toMatchObject({ claimed: true, row: { id: reply } });
    });

    it('once the lease has run out, a claim of the next row takes the expired one over (pending, uncertain) so it goes first', async () => {
      const first = await enqueue('expiry-1', 'conv-expiry');
      const second = await enqueue('expiry-2', 'conv-expiry');
      await outbox().claim(first, claimBy('died', 'tenant-expiry', at('08:00:00')));
      expect(await outbox().claim(second, claimBy('other', 'tenant-expiry', at('08:00:59')))).toEqual({ claimed: false });
      const refused = await outbox().claim(second, claimBy('other', 'tenant-expiry', at('08:01:00')));
      expect(refused).toMatchObject({ claimed: false, tookOver: [{ id: first, state: 'pending', uncertain: true, attempts: 1 }] });
      expect(await outbox().claim(first, claimBy('other', 'tenant-expiry', at('08:01:00')))).toMatchObject({ claimed: true, row: { attempts: 2, uncertain: true } });
      await outbox().markSent(first, 'act-1', at('08:01:01'), 'other');
      expect(await outbox().claim(second, claimBy('other', 'tenant-expiry', at('08:01:01')))).toMatchObject({ claimed: true });
    });

    it('takeOverExpired takes over only claims whose lease has run out; a late outcome of the old claim is not recorded', async () => {
      const first = await enqueue('takeover-1', 'conv-takeover');
      const second = await enqueue('takeover-2', 'conv-takeover-2');
      const live = await enqueue('takeover-live', 'conv-takeover-live');
      await outbox().claim(first, claimBy('died', 'tenant-takeover', at('08:00:00')));
      await outbox().claim(second, claimBy('other', 'tenant-takeover', at('08:00:00')));
      await outbox().claim(live, claimBy('alive', 'tenant-takeover', at('08:00:30')));
      await outbox().markSent(second, 'act-2', at('08:00:01'), 'other');
      const taken = (await outbox().takeOverExpired(at('08:01:00'))).filter((row) => row.conversationId.startsWith('conv-takeover'));
      expect(taken.map((row) => [row.id, row.state, row.uncertain, row.attempts])).toEqual([[first, 'pending', true, 1]]);
      expect(await outbox().find(live)).toMatchObject({ state: 'sending' });
      // The one that died comes back late: its outcome is not recorded over the takeover.
      expect(await outbox().markSent(first, 'late', at('08:01:01'), 'died')).toBe(false);
      expect(await outbox().retryAt(first, at('08:05:00'), 'late failure', 'died')).toBe(false);
      expect(await outbox().finish(first, 'dead', 'late failure', 'died')).toBe(false);
      expect(await outbox().find(first)).toMatchObject({ state: 'pending', activityId: null, lastError: null });
      // Re-claimed by another worker, the row is that worker's.
      expect(await outbox().claim(first, claimBy('other', 'tenant-takeover', at('08:01:02')))).toMatchObject({ claimed: true, row: { attempts: 2, uncertain: true } });
      expect(await outbox().markSent(first, 'late', at('08:01:03'), 'died')).toBe(false);
      expect(await outbox().retryAt(first, at('08:05:00'), 'HTTP 503', 'other')).toBe(true);
      expect(await outbox().find(first)).toMatchObject({ state: 'pending', lastError: 'HTTP 503' });
      expect(await engine.sql.get('SELECT lease_owner, lease_until FROM outbox WHERE id = @id', { id: first })).toEqual({ lease_owner: null, lease_until: null });
    });

    it("renews only its owner's claims still being sent, so a renewed claim is not taken over", async () => {
      const mine = await enqueue('renew-1', 'conv-renew-1');
      const done = await enqueue('renew-2', 'conv-renew-2');
      const theirs = await enqueue('renew-3', 'conv-renew-3');
      await outbox().claim(mine, claimBy('renewer', 'tenant-renew', at('08:40:00')));
      await outbox().claim(done, claimBy('renewer', 'tenant-renew', at('08:40:00')));
      await outbox().claim(theirs, claimBy('someone-else', 'tenant-renew', at('08:40:00')));
      await outbox().markSent(done, 'act', at('08:40:01'), 'renewer');
      expect(await outbox().renewLeases('renewer', at('08:42:00'))).toBe(1);
      const taken = (await outbox().takeOverExpired(at('08:41:30'))).filter((row) => row.conversationId.startsWith('conv-renew'));
      expect(taken.map((row) => row.id)).toEqual([theirs]);
      expect(await outbox().markSent(mine, 'act-mine', at('08:41:31'), 'renewer')).toBe(true);
    });

    it(`at a worker's start takes over ${kind === 'sqlite' ? 'even running leases (one sending process per SQLite file)' : 'only expired leases (other instances may be sending)'}`, async () => {
      const id = await enqueue('start-1', 'conv-start');
      await outbox().claim(id, claimBy('previous-run', 'tenant-start', at('08:10:00')));
      const taken = (await outbox().takeOverAtStart(at('08:10:05'))).filter((row) => row.conversationId === 'conv-start');
      expect(taken.map((row) => row.id)).toEqual(kind === 'sqlite' ? [id] : []);
    });

    it("says when Teams' limits allow the next send: the 8th claim within a second waits for the first to leave the window", async () => {
      const ids = [];
      for (let i = 0; i < 8; i++) ids.push(await enqueue(`pace-${i}`, 'conv-pace'));
      for (let i = 0; i < 7; i++) {
        const claim = await outbox().claim(ids[i]!, claimBy('w', 'tenant-pace', new Date(at('08:20:00').getTime() + i)));
        expect(claim).toMatchObject({ claimed: true });
        await outbox().markSent(ids[i]!, `act-${i}`, at('08:20:00'), 'w');
      }
      expect(await outbox().claim(ids[7]!, claimBy('w', 'tenant-pace', new Date(at('08:20:00').getTime() + 500)))).toEqual({ claimed: false, notBefore: at('08:20:01').getTime() + SEND_SAFETY_MS });
      expect(await outbox().claim(ids[7]!, claimBy('w', 'tenant-pace', new Date(at('08:20:01').getTime() + SEND_SAFETY_MS)))).toMatchObject({ claimed: true });
    });

    // A send whose rendering was slow is counted again before it leaves (the worker's countedAgainIfLate).
    it("counts a late send again for its claim's owner only, and says when a full window has room for it", async () => {
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push(await enqueue(`recount-${i}`, 'conv-recount'));
      const start = at('08:30:00').getTime();
      for (let i = 0; i < 6; i++) {
        expect(await outbox().claim(ids[i]!, claimBy('w', 'tenant-recount', new Date(start + i)))).toMatchObject({ claimed: true, countedAtMs: start + i });
        await outbox().markSent(ids[i]!, `act-${i}`, new Date(start + i), 'w');
      }
      expect(await outbox().claim(ids[6]!, claimBy('w', 'tenant-recount', new Date(start + 6)))).toMatchObject({ claimed: true, countedAtMs: start + 6 });
      const recountBy = (owner: string, nowMs: number) => outbox().recount(ids[6]!, { owner, tenantId: 'tenant-recount', clock: () => new Date(nowMs) });
      // Seven counted in the conversation's second: an eighth count waits for the first to leave it (and the margin).
      expect(await recountBy('w', start + 300)).toEqual({ counted: false, notBefore: start + 1000 + SEND_SAFETY_MS });
      expect(await recountBy('someone-else', start + 2000)).toEqual({ counted: false });
      expect(await recountBy('w', start + 1000 + SEND_SAFETY_MS)).toEqual({ counted: true, atMs: start + 1000 + SEND_SAFETY_MS });
      await outbox().markSent(ids[6]!, 'act-6', new Date(start + 1200), 'w');
      expect(await recountBy('w', start + 3000)).toEqual({ counted: false });
    });

    // What lies between a send's counted time and its leaving is what the pacing margin must absorb: as little as can be.
    it('counts a claimed or recounted send at the clock read right before the count is written, not when the claim began', async () => {
      const id = await enqueue('late-clock-1', 'conv-late-clock');
      const start = at('08:40:00').getTime();
      const readings: number[] = [];
      // Each reading of the clock is 10 ms after the one before.
      const ticking = () => new Date(start + 10 * readings.push(0));
      const claim = await outbox().claim(id, { owner: 'w', leaseMs: LEASE_MS, tenantId: 'tenant-late-clock', clock: ticking });
      const readingsByClaim = readings.length;
      expect(readingsByClaim).toBeGreaterThan(1);
      expect(claim).toMatchObject({ claimed: true, countedAtMs: start + 10 * readingsByClaim });
      const recount = await outbox().recount(id, { owner: 'w', tenantId: 'tenant-late-clock', clock: ticking });
      expect(recount).toEqual({ counted: true, atMs: start + 10 * readings.length });
      const counted = (await engine.sql.all<{ sent_at_ms: number }>("SELECT sent_at_ms FROM delivery_sends WHERE scope_key = 't:tenant-late-clock' ORDER BY sent_at_ms")).map((row) => Number(row.sent_at_ms));
      expect(counted).toEqual([(claim as { countedAtMs: number }).countedAtMs, (recount as { atMs: number }).atMs]);
    });

    it("keeps a conversation's order behind a retry: a later row is not claimed while an older one waits; sent or dead ones do not hold it", async () => {
      const first = await enqueue('order-1', '19:order@thread');
      const second = await enqueue('order-2', '19:order@thread');
      const inThread = await enqueue('order-3', '19:order@thread;messageid=5');
      expect(await outbox().claim(first, claimBy('w', 'tenant-order', at('08:50:00')))).toMatchObject({ claimed: true });
      expect(await outbox().retryAt(first, at('08:55:00'), 'HTTP 503', 'w')).toBe(true);
      const heads = (await outbox().dueHeads(at('08:50:01'))).filter((head) => head.conversationId.startsWith('19:order@thread'));
      expect(heads).toEqual([{ conversationId: '19:order@thread;messageid=5', id: inThread }]);
      expect(await outbox().claim(second, claimBy('w', 'tenant-order', at('08:50:01')))).toEqual({ claimed: false, notBefore: at('08:55:00').getTime() });
      // Behind `second` too, which is due already: it says so, so its worker looks again at once.
      expect(await outbox().claim(inThread, claimBy('w', 'tenant-order', at('08:50:01')))).toEqual({ claimed: false, notBefore: at('08:00:00').getTime() });

      expect(await outbox().claim(first, claimBy('w', 'tenant-order', at('08:55:00')))).toMatchObject({ claimed: true, row: { id: first } });
      await outbox().markSent(first, 'act-order-1', at('08:55:01'), 'w');
      expect(await outbox().claim(second, claimBy('w', 'tenant-order', at('08:55:02')))).toMatchObject({ claimed: true, row: { id: second } });
      expect(await outbox().retryAt(second, at('09:30:00'), 'HTTP 503', 'w')).toBe(true);
      expect(await outbox().finish(second, 'dead', 'gave up')).toBe(true);
      expect(await outbox().claim(inThread, claimBy('w', 'tenant-order', at('08:55:03')))).toMatchObject({ claimed: true, row: { id: inThread } });
    });

    it('an in-place change holds back no later message: a post behind a waiting update goes first; the update goes when due', async () => {
      const conversation = '19:changes@thread';
      const card = await enqueue('changes-card', conversation);
      expect(await outbox().claim(card, claimBy('w', 'tenant-changes', at('09:00:00')))).toMatchObject({ claimed: true });
      await outbox().markSent(card, 'act-changes-card', at('09:00:00'), 'w');
      // Coalesces changes for 1.5 s, as the sender's report card does.
      const update = (await outbox().enqueue({ ...post('changes-update', conversation), operation: 'update', targetOf: card, now: at('09:00:01'), notBefore: at('09:00:03') }))!;
      const later = (await outbox().enqueue({ ...post('changes-later', conversation), now: at('09:00:02') }))!;
      const heads = async (now: Date) => (await outbox().dueHeads(now)).filter((head) => head.conversationId === conversation).map((head) => head.id);

      expect(await heads(at('09:00:02'))).toEqual([later]);
      expect(await outbox().claim(later, claimBy('w', 'tenant-changes', at('09:00:02')))).toMatchObject({ claimed: true, row: { id: later } });
      await outbox().markSent(later, 'act-changes-later', at('09:00:02'), 'w');
      expect(await outbox().claim(update, claimBy('w', 'tenant-changes', at('09:00:02')))).toEqual({ claimed: false });
      expect(await heads(at('09:00:03'))).toEqual([update]);
      expect(await outbox().claim(update, claimBy('w', 'tenant-changes', at('09:00:03')))).toMatchObject({ claimed: true, row: { id: update } });
    });

    it('an in-place change waiting for a retry holds back no later post, and the time it is due still wakes the worker', async () => {
      // A day before every other test's rows, so the earliest due time in the outbox is this test's.
      const early = (time: string) => new Date(`1999-06-02T${time}.000Z`);
      const conversation = '19:change-retry@thread';
      const card = (await outbox().enqueue({ ...post('change-retry-card', conversation), now: early('09:10:00') }))!;
      expect(await outbox().claim(card, claimBy('w', 'tenant-change-retry', early('09:10:00')))).toMatchObject({ claimed: true });
      await outbox().markSent(card, 'act-change-retry-card', early('09:10:00'), 'w');
      const update = (await outbox().enqueue({ ...post('change-retry-update', conversation), operation: 'update', targetOf: card, now: early('09:10:01') }))!;
      expect(await outbox().claim(update, claimBy('w', 'tenant-change-retry', early('09:10:01')))).toMatchObject({ claimed: true });
      expect(await outbox().retryAt(update, early('09:15:00'), 'HTTP 503', 'w')).toBe(true);
      const later = (await outbox().enqueue({ ...post('change-retry-later', conversation), now: early('09:10:02') }))!;

      expect(await outbox().nextDueAt()).toEqual(early('09:10:02'));
      expect((await outbox().dueHeads(early('09:10:02'))).filter((head) => head.conversationId === conversation)).toEqual([{ conversationId: conversation, id: later }]);
      expect(await outbox().claim(later, claimBy('w', 'tenant-change-retry', early('09:10:02')))).toMatchObject({ claimed: true, row: { id: later } });
      await outbox().markSent(later, 'act-change-retry-later', early('09:10:02'), 'w');
      expect(await outbox().nextDueAt()).toEqual(early('09:15:00'));
      expect(await outbox().claim(update, claimBy('w', 'tenant-change-retry', early('09:15:00')))).toMatchObject({ claimed: true, row: { id: update } });
    });

    it('an older post waiting for a retry still holds back a later update and a later post; a later change of the same message waits for the earlier one', async () => {
      const conversation = '19:post-retry@thread';
      const card = await enqueue('post-retry-card', conversation);
      expect(await outbox().claim(card, claimBy('w', 'tenant-post-retry', at('09:20:00')))).toMatchObject({ claimed: true });
      await outbox().markSent(card, 'act-post-retry-card', at('09:20:00'), 'w');
      const waiting = await enqueue('post-retry-waiting', conversation);
      expect(await outbox().claim(waiting, claimBy('w', 'tenant-post-retry', at('09:20:01')))).toMatchObject({ claimed: true });
      expect(await outbox().retryAt(waiting, at('09:25:00'), 'HTTP 503', 'w')).toBe(true);
      const update = (await outbox().enqueue({ ...post('post-retry-update', conversation), operation: 'update', targetOf: card, now: at('09:20:02') }))!;
      const remove = (await outbox().enqueue({ ...post('post-retry-delete', conversation), operation: 'delete', targetOf: card, now: at('09:20:02') }))!;
      const later = (await outbox().enqueue({ ...post('post-retry-later', conversation), now: at('09:20:02') }))!;

      expect((await outbox().dueHeads(at('09:20:03'))).filter((head) => head.conversationId === conversation)).toEqual([]);
      for (const id of [update, later]) {
        expect(await outbox().claim(id, claimBy('w', 'tenant-post-retry', at('09:20:03')))).toEqual({ claimed: false, notBefore: at('09:25:00').getTime() });
      }
      // Behind the update of the same message too, which is due already: its worker looks again at once.
      expect(await outbox().claim(remove, claimBy('w', 'tenant-post-retry', at('09:20:03')))).toEqual({ claimed: false, notBefore: at('09:20:02').getTime() });
      expect(await outbox().claim(waiting, claimBy('w', 'tenant-post-retry', at('09:25:00')))).toMatchObject({ claimed: true });
      await outbox().markSent(waiting, 'act-post-retry-waiting', at('09:25:00'), 'w');
      const heads = (await outbox().dueHeads(at('09:25:01'))).filter((head) => head.conversationId === conversation).map((head) => head.id);
      expect(heads).toEqual([update, later]);
      expect(await outbox().claim(remove, claimBy('w', 'tenant-post-retry', at('09:25:01')))).toEqual({ claimed: false, notBefore: at('09:20:02').getTime() });
    });

    it("after a 429 holds the conversation for every worker until Retry-After", async () => {
      const id = await enqueue('held-1', '19:held;messageid=3');
      await outbox().holdConversation('19:held', at('08:31:00'));
      expect(await outbox().claim(id, claimBy('w', 'tenant-held', at('08:30:00')))).toEqual({ claimed: false, notBefore: at('08:31:00').getTime() });
      expect(await outbox().claim(id, claimBy('w', 'tenant-held', at('08:31:00')))).toMatchObject({ claimed: true });
    });
  });
}
