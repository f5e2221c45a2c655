import type { IncomingMessage } from 'node:http';

/** How long the rest of a refused body is read and thrown away before the connection is cut. */
const DISCARD_MS = 2_000;

const discarding = new WeakSet<IncomingMessage>();

/**
 * After answering without reading the whole body: reads the rest and throws it away, for at most DISCARD_MS, then
 * cuts the connection. Closing at once would make the kernel reset a connection that still has unread bytes, and
 * the client would often see the reset instead of our answer (the "lingering close" of nginx and Apache).
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete || discarding.has(req)) return;
  discarding.add(req);
  const timer = setTimeout(() => req.socket.destroy(), DISCARD_MS).unref();
  const stop = () => clearTimeout(timer);
  req.once('end', stop);
  req.once('close', stop);
  req.on('data', () => {});
  req.on('error', () => {});
  req.resume();
}
