import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryPacing, SEND_SAFETY_MS, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS } from '../../../data/repositories/delivery-pacing.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const SAFETY = SEND_SAFETY_MS;
/** A virtual clock far from the others' tests: each test uses conversations and tenants of its own. */
const T0 = 1_767_254_400_000;

for (const { label, open } of contractEngines()) {
  describe(`the shared send budget (DeliveryPacing) on ${label}`, () => {
    let engine: ContractEngine;
    let pacing: DeliveryPacing;
    beforeAll(async () => {
      engine = await open();
      pacing = new DeliveryPacing(engine.sql);
    });
    afterAll(async () => {
      await engine?.close();
    });

    /** Sends recorded as Teams would have seen them, `count` at `times(i)`. */
    const sendsAt = async (conversation: string, tenant: string, times: number[]) => {
      for (let i = 0; i < times.length; i += 500) {
        const values = times.slice(i, i + 500).flatMap((at) => [`('c:${conversation}', ${at})`, `('t:${tenant}', ${at})`]);
        await engine.sql.run(`INSERT INTO delivery_sends (scope_key, sent_at_ms) VALUES ${values.join(', ')}`);
      }
    };
    const sendsOf = async (scope: string) =>
      (await engine.sql.all<{ sent_at_ms: number }>('SELECT sent_at_ms FROM delivery_sends WHERE scope_key = @scope ORDER BY sent_at_ms', { scope })).map((row) => row.sent_at_ms);

    it("knows Teams' documented limits", () => {
      expect(TEAMS_CONVERSATION_WINDOWS).toEqual([
        { limit: 7, windowMs: 1000 },
        { limit: 8, windowMs: 2000 },
        { limit: 60, windowMs: 30_000 },
        { limit: 1800, windowMs: 3_600_000 },
      ]);
      expect(TEAMS_TENANT_WINDOWS).toEqual([{ limit: 50, windowMs: 1000 }]);
    });

    it('lets 7 sends to a fresh conversation go at once and holds the 8th until the first leaves the 1-second window, plus the margin', async () => {
      for (let i = 0; i < 7; i++) {
        expect(await pacing.earliestSendAt('conv-7', 'tenant-7', T0 + i)).toBe(T0 + i);
        await pacing.record('conv-7', 'tenant-7', T0 + i);
      }
      expect(await pacing.earliestSendAt('conv-7', 'tenant-7', T0 + 10)).toBe(T0 + 1000 + SAFETY);
      expect(await pacing.earliestSendAt('conv-7', 'tenant-7', T0 + 1000 + SAFETY)).toBe(T0 + 1000 + SAFETY);
      expect(await pacing.earliestSendAt('conv-7-other', 'tenant-7', T0 + 10)).toBe(T0 + 10);
    });

    it('holds the 9th send within 2 s for the 8-per-2-s window', async () => {
      await sendsAt('conv-8', 'tenant-8', [0, 1100, 1101, 1102, 1103, 1104, 1105, 1106].map((d) => T0 + d));
      // The 1-second window has 7 in it from 1100 on: free at 2100 + margin; the 2-second one holds 8 from 0: free at 2000 + margin.
      expect(await pacing.earliestSendAt('conv-8', 'tenant-8', T0 + 1200)).toBe(T0 + 2100 + SAFETY);
      // Only 6 in the last second, so the 1-second window has room; the 2-second one alone holds it.
      await sendsAt('conv-8b', 'tenant-8b', [0, 1, 1100, 1101, 1102, 1103, 1104, 1105].map((d) => T0 + d));
      expect(await pacing.earliestSendAt('conv-8b', 'tenant-8b', T0 + 1200)).toBe(T0 + 2000 + SAFETY);
    });

    it('holds the 61st send within 30 s, and the 1,801st within an hour, until the oldest counted one leaves its window', async () => {
      await sendsAt('conv-60', 'tenant-60', Array.from({ length: 60 }, (_, i) => T0 + i * 400));
      expect(await pacing.earliestSendAt('conv-60', 'tenant-60', T0 + 24_000)).toBe(T0 + 30_000 + SAFETY);
      const hour = Array.from({ length: 1800 }, (_, i) => T0 + i * 1900);
      await sendsAt('conv-1800', 'tenant-1800', hour);
      const last = hour[1799]!;
      expect(await pacing.earliestSendAt('conv-1800', 'tenant-1800', last + 1900)).toBe(T0 + 3_600_000 + SAFETY);
    });

    it('the tenant limit (50/s) applies across its conversations, and per tenant', async () => {
      for (let i = 0; i < 50; i++) await pacing.record(`tenant-wide-${i}`, 'tenant-50', T0 + i);
      expect(await pacing.earliestSendAt('tenant-wide-new', 'tenant-50', T0 + 60)).toBe(T0 + 1000 + SAFETY);
      expect(await pacing.earliestSendAt('tenant-wide-new', 'tenant-other', T0 + 60)).toBe(T0 + 60);
    });

    it("honours a 429's hold for that conversation only; a shorter hold does not shorten it, and it ends by itself", async () => {
      await pacing.holdConversation('conv-held', T0 + 5000);
      await pacing.holdConversation('conv-held', T0 + 3000);
      expect(await pacing.earliestSendAt('conv-held', 'tenant-held', T0)).toBe(T0 + 5000);
      expect(await pacing.earliestSendAt('conv-not-held', 'tenant-held', T0)).toBe(T0);
      expect(await pacing.earliestSendAt('conv-held', 'tenant-held', T0 + 6000)).toBe(T0 + 6000);
      await pacing.record('conv-held', 'tenant-held', T0 + 6000);
      expect(await engine.sql.all("SELECT until_ms FROM delivery_holds WHERE scope_key = 'c:conv-held'")).toEqual([]);
    });

    it("prunes, at each send, what no window of the two scopes counts any more; pruneAll also other scopes' old sends", async () => {
      await sendsAt('conv-prune', 'tenant-prune', [T0, T0 + 3_000_000]);
      await sendsAt('conv-idle', 'tenant-idle', [T0]);
      await pacing.record('conv-prune', 'tenant-prune', T0 + 3_600_000 + SAFETY + 1);
      expect(await sendsOf('c:conv-prune')).toEqual([T0 + 3_000_000, T0 + 3_600_000 + SAFETY + 1]);
      expect(await sendsOf('t:tenant-prune')).toEqual([T0 + 3_600_000 + SAFETY + 1]);
      expect(await sendsOf('c:conv-idle')).toEqual([T0]);
      expect(await pacing.pruneAll(T0 + 3_600_000 + SAFETY + 1)).toBeGreaterThanOrEqual(2);
      expect(await sendsOf('c:conv-idle')).toEqual([]);
      expect(await sendsOf('c:conv-prune')).toEqual([T0 + 3_000_000, T0 + 3_600_000 + SAFETY + 1]);
    });

    it('500 sends to one conversation, each as early as allowed, stay within every window and never wait needlessly', async () => {
      const times: number[] = [];
      let now = T0;
      for (let i = 0; i < 500; i++) {
        now = await pacing.earliestSendAt('conv-500', 'tenant-500', now);
        await pacing.record('conv-500', 'tenant-500', now);
        times.push(now);
      }
      for (const window of TEAMS_CONVERSATION_WINDOWS) {
        for (let i = 0; i + window.limit < times.length; i++) expect(times[i + window.limit]! - times[i]!).toBeGreaterThanOrEqual(window.windowMs);
      }
      // Each send went at once, or exactly when the send a window's limit back left that window (plus the margin).
      for (let i = 1; i < times.length; i++) {
        const freedBy = TEAMS_CONVERSATION_WINDOWS.filter((w) => i >= w.limit && times[i] === times[i - w.limit]! + w.windowMs + SAFETY);
        expect(times[i] === times[i - 1] || freedBy.length > 0, `send ${i} at +${times[i]! - T0} ms`).toBe(true);
      }
    });
  });
}
