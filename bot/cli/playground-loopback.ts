/**
 * The Agents Playground (0.2.x) has no option, variable or config entry for its listen address: it calls
 * `server.listen(port)`, which listens on every interface, and it serves unauthenticated pages and a fake Bot
 * Connector there. This preload, given to the Playground's own Node process with `--import`, makes each TCP listen
 * in that process that names no loopback host listen on 127.0.0.1 instead. Unix sockets are left alone.
 */
const PRELOAD = `
import net from 'node:net';
const LOOPBACK = '127.0.0.1';
const isLoopback = (host) => typeof host === 'string' && (host === 'localhost' || host === '::1' || /^127\\.\\d+\\.\\d+\\.\\d+$/.test(host));
const isPort = (value) => typeof value === 'number' || (typeof value === 'string' && /^\\d+$/.test(value));
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first] = args;
  if (first === undefined || typeof first === 'function') args.unshift(0, LOOPBACK);
  else if (isPort(first) && !isLoopback(args[1])) args.splice(1, typeof args[1] === 'string' ? 1 : 0, LOOPBACK);
  else if (first !== null && typeof first === 'object' && first.path === undefined && first.fd === undefined && !first._handle && !isLoopback(first.host)) args[0] = { ...first, host: LOOPBACK };
  return listen.apply(this, args);
};
`;

/** The `--import` argument for the Playground's process (a data: URL, so nothing is written to disk). */
export function loopbackOnlyPreload(): string {
  return `data:text/javascript,${encodeURIComponent(PRELOAD)}`;
}
