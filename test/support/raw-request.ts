import { request } from 'node:http';

export type RawAnswer = { status: number | null; body: string; error: string | null; elapsedMs: number };

/**
 * Sends a request the way a misbehaving client would: the body's chunks are written one by one (chunked, unless a
 * Content-Length header is given), writing stops as soon as the server answers, and `end: false` leaves the body
 * unfinished (a stalled upload). Resolves with the answer, or with the error if the connection was cut first.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Iterable<Buffer>; end?: boolean; timeoutMs?: number },
): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let answered = false;
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false });
    const settle = (status: number | null, body: string, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ status, body, error, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => settle(null, '', 'no answer before the test timeout'), options.timeoutMs ?? 30_000);
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => settle(res.statusCode ?? null, Buffer.concat(parts).toString('utf8'), null));
      res.on('error', () => settle(res.statusCode ?? null, Buffer.concat(parts).toString('utf8'), null));
    });
    req.on('error', (error) => settle(null, '', error.message));
    void (async () => {
      for (const chunk of options.body ?? []) {
        if (answered || settled) return;
        if (!req.write(chunk)) await writable(req);
      }
      if (options.end !== false && !answered && !settled) req.end();
    })();
  });
}

/** Resolves when the request can take more, or has an answer, or is gone. */
function writable(req: ReturnType<typeof request>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done).off('response', done).off('close', done);
      resolve();
    };
    req.on('drain', done).on('response', done).on('close', done);
  });
}
