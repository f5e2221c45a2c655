import { describe, expect, it } from 'vitest';
import { SendPacer, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, type RateWindow } from '../../../bot/delivery/send-pacer.js';

/** Independent check: in every window of every length, at no point more sends than allowed. */
function violations(times: number[], windows: readonly RateWindow[]): string[] {
  const sorted = [...times].sort((a, b) => a - b);
  const found: string[] = [];
  for (const window of windows) {
    for (let i = 0; i + window.limit < sorted.length; i++) {
      if (sorted[i + window.limit]! - sorted[i]! < window.windowMs) found.push(`${window.limit + 1} sends within ${window.windowMs} ms at ${sorted[i]}`);
    }
  }
  return found;
}

/** Sends every item as early as the pacer allows, on a virtual clock; returns the send times per conversation. */
function simulate(pacer: SendPacer, items: string[]): { byConversation: Map<string, number[]>; all: number[]; end: number } {
  const byConversation = new Map<string, number[]>();
  const all: number[] = [];
  let now = 0;
  const queues = new Map<string, number>();
  for (const key of items) queues.set(key, (queues.get(key) ?? 0) + 1);
  let left = items.length;
  while (left > 0) {
    let next = Infinity;
    for (const [key, count] of queues) {
      if (count === 0) continue;
      const at = pacer.earliestSendAt(key, 'tenant', now);
      if (at <= now) {
        pacer.record(key, 'tenant', now);
        byConversation.set(key, [...(byConversation.get(key) ?? []), now]);
        all.push(now);
        queues.set(key, count - 1);
        left--;
      } else next = Math.min(next, at);
    }
    if (left > 0 && next !== Infinity) now = Math.max(now + 1, next);
  }
  return { byConversation, all, end: now };
}

describe('the send pacer', () => {
  it('lets the first 7 sends to a fresh conversation go at once and holds the 8th until the 1-second window allows it', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    for (let n = 0; n < 7; n++) {
      expect(pacer.earliestSendAt('c', 't', 0)).toBe(0);
      pacer.record('c', 't', 0);
    }
    expect(pacer.earliestSendAt('c', 't', 0)).toBe(1000);
  });

  it('500 sends to one conversation never exceed any per-conversation window', () => {
    const { all } = simulate(new SendPacer({ safetyMs: 0 }), Array.from({ length: 500 }, () => 'one'));
    expect(all).toHaveLength(500);
    expect(violations(all, TEAMS_CONVERSATION_WINDOWS)).toEqual([]);
  });

  it('2,000 sends over 100 conversations respect every window and take close to the 40 s minimum of 50/s', () => {
    const items = Array.from({ length: 2000 }, (_, n) => `c${n % 100}`);
    const { byConversation, all, end } = simulate(new SendPacer({ safetyMs: 0 }), items);
    expect(all).toHaveLength(2000);
    expect(violations(all, TEAMS_TENANT_WINDOWS)).toEqual([]);
    for (const times of byConversation.values()) expect(violations(times, TEAMS_CONVERSATION_WINDOWS)).toEqual([]);
    // The first 50 may go at t=0, so the last of 2,000 can go at 39 s.
    expect(end).toBeGreaterThanOrEqual(39_000);
    expect(end).toBeLessThan(39_000 * 1.03);
  });

  it('adds the safety margin, and honours a hold after a 429', () => {
    const pacer = new SendPacer({ safetyMs: 75 });
    for (let n = 0; n < 7; n++) pacer.record('c', 't', 0);
    expect(pacer.earliestSendAt('c', 't', 10)).toBe(1075);
    pacer.holdConversation('d', 5000);
    expect(pacer.earliestSendAt('d', 't', 100)).toBe(5000);
    expect(pacer.earliestSendAt('e', 't', 100)).toBe(100);
  });

  it('forgets conversations no window can count any more', () => {
    const pacer = new SendPacer({ safetyMs: 0 });
    for (let n = 0; n < 7; n++) pacer.record('old', 't', 0);
    pacer.prune(3_600_001);
    expect(pacer.earliestSendAt('old', 't', 3_600_001)).toBe(3_600_001);
  });
});
