/** How one request ended: the answer it was meant to get, the store's polite "busy, try again", or anything else. */
export type Outcome = 'card' | 'busy' | 'error';

/** One request: when it was due (performance.now()), how long from then until it ended, and how it ended. */
export type Sample = { dueAt: number; ms: number; outcome: Outcome };

export type SteadyLoad = { stop: () => Promise<Sample[]> };

/**
 * Open-loop load: request i is due at start + i / perSecond, whether or not earlier ones have been answered, and is
 * timed from when it was due, so a stalled server (or a late timer) shows as latency rather than as fewer requests.
 * `stop` sends no more and waits for those under way.
 */
export function startSteadyLoad(perSecond: number, send: (i: number) => Promise<Outcome>): SteadyLoad {
  const interval = 1000 / perSecond;
  const start = performance.now();
  const samples: Sample[] = [];
  const underWay = new Set<Promise<void>>();
  let next = 0;
  let timer: NodeJS.Timeout | undefined;

  const fire = (i: number) => {
    const dueAt = start + i * interval;
    const done = send(i)
      .catch((): Outcome => 'error')
      .then((outcome) => {
        samples.push({ dueAt, ms: performance.now() - dueAt, outcome });
        underWay.delete(done);
      });
    underWay.add(done);
  };
  const tick = () => {
    while (start + next * interval <= performance.now()) fire(next++);
    timer = setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
  };
  tick();

  return {
    stop: async () => {
      clearTimeout(timer);
      while (underWay.size > 0) await Promise.all([...underWay]);
      return samples.sort((a, b) => a.dueAt - b.dueAt);
    },
  };
}

export type SampleSummary = { sent: number; card: number; busy: number; error: number; p50Ms: number; p99Ms: number; maxMs: number; longestWithoutCardMs: number };

/** Counts and latency over every request, whatever its answer; the longest stretch of due times with no card. */
export function summarise(samples: Sample[], intervalMs: number): SampleSummary {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  let longestWithoutCardMs = 0;
  let firstWithoutCard: number | null = null;
  for (const sample of samples) {
    if (sample.outcome === 'card') firstWithoutCard = null;
    else {
      firstWithoutCard ??= sample.dueAt;
      longestWithoutCardMs = Math.max(longestWithoutCardMs, sample.dueAt - firstWithoutCard + intervalMs);
    }
  }
  const count = (outcome: Outcome) => samples.filter((sample) => sample.outcome === outcome).length;
  return { sent: samples.length, card: count('card'), busy: count('busy'), error: count('error'), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? NaN, longestWithoutCardMs };
}
