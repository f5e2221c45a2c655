export type LoadResult = { requests: number; errors: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number };

/**
 * `concurrency` senders post activities back to back for `durationMs` (after `warmupMs` that is not counted) and
 * record each request's latency: the HTTP round trip of POST /api/messages, which includes the bot's reply to the
 * connector, because the turn completes before the bot answers the POST.
 */
export async function runLoad(options: {
  url: string;
  body: (i: number) => unknown;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** Defaults to /api/messages, answered 200; a function varies it per request (e.g. a GET's query). */
  path?: string | ((i: number) => string);
  /** Defaults to POST; a GET sends no body. */
  method?: 'GET' | 'POST';
  headers?: (i: number, body: string) => Record<string, string>;
  expectStatus?: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const sender = async () => {
    while (performance.now() < end) {
      const i = sent++;
      const began = performance.now();
      try {
        const get = options.method === 'GET';
        const body = get ? '' : JSON.stringify(options.body(i));
        const headers = { ...(get ? {} : { 'content-type': 'application/json' }), ...options.headers?.(i, body) };
        const path = typeof options.path === 'function' ? options.path(i) : (options.path ?? '/api/messages');
        const response = await fetch(`${options.url}${path}`, get ? { headers } : { method: 'POST', headers, body });
        await response.arrayBuffer();
        if (response.status !== (options.expectStatus ?? 200)) throw new Error(`status ${response.status}`);
        if (began >= measureFrom && performance.now() <= end) latencies.push(performance.now() - began);
      } catch {
        if (began >= measureFrom) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  latencies.sort((a, b) => a - b);
  const seconds = options.durationMs / 1000;
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
