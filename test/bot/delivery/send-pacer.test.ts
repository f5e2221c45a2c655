import { describe, expect, it } from 'vitest';
import { SendPacer, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, type RateWindow } from '../../../bot/delivery/send-pacer.js';

type Send = { conversation: string; at: number };

/** Brute force: every run of `limit + 1` consecutive sends must span at least the window. */
function violations(times: number[], windows: readonly RateWindow[]): string[] {
  const sorted = [...times].sort((a, b) => a - b);
  const found: string[] = [];
  for (const window of windows) {
    for (let i = 0; i + window.limit < sorted.length; i++) {
      if (sorted[i + window.limit]! - sorted[i]! < window.windowMs) found.push(`${window.limit + 1} sends within ${window.windowMs} ms from ${sorted[i]}`);
    }
  }
  return found;
}

/** Brute force: at `t`, some window already holds its limit of sends made at or before `t`. */
function full(times: number[], windows: readonly RateWindow[], t: number): boolean {
  return windows.some((window) => times.filter((at) => at <= t && at > t - window.windowMs).length >= window.limit);
}

/**
 * Sends every queued message as early as the pacer allows, on a virtual clock: all are ready at t=0, each
 * conversation's in order. Returns the sends in the order they were made.
 */
function simulate(pacer: SendPacer, queued: string[]): Send[] {
  const left = new Map<string, number>();
  for (const conversation of queued) left.set(conversation, (left.get(conversation) ?? 0) + 1);
  const sends: Send[] = [];
  let now = 0;
  while (sends.length < queued.length) {
    let next = Infinity;
    const before = sends.length;
    for (const [conversation, count] of left) {
      if (count === 0) continue;
      const at = pacer.earliestSendAt(conversation, 'tenant', now);
      expect(at).toBeGreaterThanOrEqual(now);
      if (at === now) {
        pacer.record(conversation, 'tenant', now);
        sends.push({ conversation, at: now });
        left.set(conversation, count - 1);
      } else next = Math.min(next, at);
    }
    if (sends.length === before) now = next;
  }
  return sends;
}

function byConversation(sends: Send[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const send of sends) map.set(send.conversation, [...(map.get(send.conversation) ?? []), send.at]);
  return map;
}

/** No window exceeded, per conversation and for the tenant as a whole. */
function expectWithinLimits(sends: Send[]): void {
  expect(violations(sends.map((send) => send.at), TEAMS_TENANT_WINDOWS)).toEqual([]);
  for (const [conversation, times] of byConversation(sends)) expect(violations(times, TEAMS_CONVERSATION_WINDOWS), conversation).toEqual([]);
}

/**
 * Not wasteful: a send could not have gone `safetyMs + 1` ms earlier, because it would have overtaken the one
 * before it in its conversation, or some window was full then.
 */
function expectNoNeedlessWait(sends: Send[], safetyMs: number): void {
  const all = sends.map((send) => send.at);
  const mine = byConversation(sends);
  const needless = sends.filter(({ conversation, at }, index) => {
    const t = at - safetyMs - 1;
    const previous = sends.slice(0, index).findLast((send) => send.conversation === conversation)?.at ?? 0;
    if (t < previous) return false;
    const earlier = mine.get(conversation)!.filter((other) => other <= t);
    return !full(earlier, TEAMS_CONVERSATION_WINDOWS, t) && !full(all, TEAMS_TENANT_WINDOWS, t);
  });
  expect(needless).toEqual([]);
}

describe('the send pacer', () => {
  it('knows Teams’ documented limits', () => {
    expect(TEAMS_CONVERSATION_WINDOWS).toEqual([
      { limit: 7, windowMs: 1000 },
      { limit: 8, windowMs: 2000 },
      { limit: 60, windowMs: 30_000 },
      { limit: 1800, windowMs: 3_600_000 },
    ]);
    expect(TEAMS_TENANT_WINDOWS).toEqual([{ limit: 50, windowMs: 1000 }]);
  });

  it('lets 7 sends to a fresh conversation go at once and holds the 8th until the first leaves the 1-second window, plus the margin', () => {
    const pacer = new SendPacer({ safetyMs: 20 });
    for (let n = 0; n < 7; n++) {
      expect(pacer.earliestSendAt('c', 't', 0)).toBe(0);
      pacer.record('c', 't', 0);
    }
    expect(pacer.earliestSendAt('c', 't', 0)).toBe(1020);
    expect(pacer.earliestSendAt('c', 't', 1500)).toBe(1500);
    expect(pacer.earliestSendAt('other', 't', 0)).toBe(0);
  });

  it('holds the 9th send within 2 s for the 8-per-2-s window', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    for (let n = 0; n < 7; n++) pacer.record('c', 't', n * 10);
    expect(pacer.earliestSendAt('c', 't', 70)).toBe(1000);
    pacer.record('c', 't', 1000);
    expect(pacer.earliestSendAt('c', 't', 1000)).toBe(2000);
  });

  it('500 sends to one conversation stay within every window and never wait needlessly', () => {
    const sends = simulate(new SendPacer({ safetyMs: 0 }), Array.from({ length: 500 }, () => 'one'));
    expect(sends).toHaveLength(500);
    expectWithinLimits(sends);
    expectNoNeedlessWait(sends, 0);
    // 60 per 30 s binds: the 500th send goes 8 windows after the 20th, which 8 per 2 s lets go at 4 s.
    expect(sends.at(-1)!.at).toBe(4000 + 8 * 30_000);
  });

  it('the same with a safety margin: still within limits, and each wait at most the margin longer', () => {
    const sends = simulate(new SendPacer({ safetyMs: 20 }), Array.from({ length: 200 }, () => 'one'));
    expectWithinLimits(sends);
    expectNoNeedlessWait(sends, 20);
  });

  it('2,000 sends over 100 conversations stay within every window and take close to the 39 s minimum of 50/s', () => {
    const queued = Array.from({ length: 2000 }, (_, n) => `c${n % 100}`);
    const sends = simulate(new SendPacer({ safetyMs: 0 }), queued);
    expect(sends).toHaveLength(2000);
    expectWithinLimits(sends);
    expectNoNeedlessWait(sends, 0);
    // The first 50 may go at t=0, so at 50/s the 2,000th can go at 39 s at the earliest.
    const end = sends.at(-1)!.at;
    expect(end).toBeGreaterThanOrEqual(39_000);
    expect(end).toBeLessThanOrEqual(39_000 * 1.03);
  });

  it('with a 20 ms margin the 100-conversation schedule costs about 2 % more', () => {
    const queued = Array.from({ length: 2000 }, (_, n) => `c${n % 100}`);
    const sends = simulate(new SendPacer({ safetyMs: 20 }), queued);
    expectWithinLimits(sends);
    expectNoNeedlessWait(sends, 20);
    expect(sends.at(-1)!.at).toBeLessThanOrEqual(39 * 1020 * 1.01);
  });

  it('the 1,801st send in an hour waits for the first to leave the hour window', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    let now = 0;
    for (let n = 0; n < 1800; n++) {
      now = pacer.earliestSendAt('c', 't', now);
      pacer.record('c', 't', now);
    }
    expect(now).toBeLessThan(3_600_000);
    expect(pacer.earliestSendAt('c', 't', now)).toBe(3_600_000);
  });

  it('keeps counting right when a send is recorded out of order', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    for (const at of [100, 200, 300, 400, 500, 600]) pacer.record('c', 't', at);
    pacer.record('c', 't', 50);
    expect(pacer.earliestSendAt('c', 't', 600)).toBe(1050);
  });

  it('honours a hold after a 429 for that conversation only, and a shorter hold does not shorten it', () => {
    const pacer = new SendPacer({ safetyMs: 20 });
    pacer.holdConversation('d', 5000);
    pacer.holdConversation('d', 3000);
    expect(pacer.earliestSendAt('d', 't', 100)).toBe(5000);
    expect(pacer.earliestSendAt('d', 't', 6000)).toBe(6000);
    expect(pacer.earliestSendAt('e', 't', 100)).toBe(100);
    for (let n = 0; n < 7; n++) pacer.record('f', 't', 0);
    pacer.holdConversation('f', 500);
    expect(pacer.earliestSendAt('f', 't', 100)).toBe(1020);
  });

  it('the tenant limit applies across conversations and per tenant', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    for (let n = 0; n < 50; n++) pacer.record(`c${n}`, 't1', n);
    expect(pacer.earliestSendAt('fresh', 't1', 50)).toBe(1000);
    expect(pacer.earliestSendAt('fresh', 't2', 50)).toBe(50);
  });

  it('prune forgets only what no window counts and no hold covers', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    // Memory is not observable through the API, so look at what is kept.
    const internals = () => pacer as unknown as Record<'conversations' | 'tenants', { histories: Map<string, unknown> }>;
    for (let n = 0; n < 7; n++) pacer.record('old', 't', 0);
    for (let n = 0; n < 1800; n++) pacer.record('busy', 't', 1000 + n);
    pacer.holdConversation('held', 10_000_000);

    pacer.prune(3_600_000);
    expect([...internals().conversations.histories.keys()].sort()).toEqual(['busy', 'held']);
    expect(pacer.earliestSendAt('busy', 't', 3_600_000)).toBe(3_601_000);
    expect(pacer.earliestSendAt('held', 't', 3_600_000)).toBe(10_000_000);
    expect(pacer.earliestSendAt('old', 't', 3_600_000)).toBe(3_600_000);

    pacer.prune(10_000_000);
    expect(internals().conversations.histories.size).toBe(0);
    expect(internals().tenants.histories.size).toBe(0);
  });

  it('stays fast with 100,000 conversations and a full hour in some of them', () => {
    const pacer = new SendPacer();
    for (let c = 0; c < 100_000; c++) for (let n = 0; n < 5; n++) pacer.record(`c${c}`, 't', n * 1000);
    for (let c = 0; c < 100; c++) for (let n = 0; n < 3000; n++) pacer.record(`busy${c}`, 't', n * 1000);
    const started = performance.now();
    let latest = 0;
    for (let c = 0; c < 100_000; c++) latest = Math.max(latest, pacer.earliestSendAt(`c${c}`, 't', 5000), pacer.earliestSendAt(`busy${c % 100}`, 't', 5000));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(latest).toBe((3000 - 1800) * 1000 + 3_600_000 + 75);
  });
});
