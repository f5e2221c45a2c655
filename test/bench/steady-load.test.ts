import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startSteadyLoad, summarise, type Outcome, type Sample } from './steady-load.js';

describe('steady load (open loop)', () => {
  it('keeps sending on schedule while earlier requests hang, and times each from when it was due', async () => {
    const hanging: (() => void)[] = [];
    const load = startSteadyLoad(50, () => new Promise<Outcome>((resolve) => hanging.push(() => resolve('card'))));
    await sleep(400);
    const sentWhileStalled = hanging.length;
    expect(sentWhileStalled).toBeGreaterThan(5); // a closed loop with one sender would have sent 1
    const stopped = load.stop();
    for (const release of hanging) release();
    const samples = await stopped;
    expect(samples.length).toBeGreaterThanOrEqual(sentWhileStalled);
    expect(samples[0]!.ms).toBeGreaterThanOrEqual(350); // the first waited the whole stall
  });

  it('counts a failed send as an error', async () => {
    const load = startSteadyLoad(100, async () => {
      throw new Error('connection refused');
    });
    await sleep(50);
    const samples = await load.stop();
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((sample) => sample.outcome === 'error')).toBe(true);
  });
});

describe('summarise', () => {
  it('counts each answer, takes latency over all of them, and finds the longest stretch without a card', () => {
    const outcomes: Outcome[] = ['card', 'busy', 'busy', 'error', 'card', 'busy', 'card', 'card', 'card', 'card'];
    const samples: Sample[] = outcomes.map((outcome, i) => ({ dueAt: i * 50, ms: (i + 1) * 10, outcome }));
    expect(summarise(samples, 50)).toEqual({ sent: 10, card: 6, busy: 3, error: 1, p50Ms: 60, p99Ms: 100, maxMs: 100, longestWithoutCardMs: 150 });
  });
});
