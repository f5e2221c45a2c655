import { STATUS_CODES } from 'node:http';
import restify, { type Server } from 'restify';
import { isBusyError } from '../../data/sql/store-busy.js';
import type { Logger } from '../log/logger.js';
import { refusalLog } from '../log/refusal-log.js';
import { BodyRefused } from './body-refused.js';
import { discardRest } from './discard-rest.js';
import { checkJsonBodyHeaders } from './json-body-headers.js';
import type { InFlight } from './in-flight.js';
import { queryParser } from './query-parser.js';
import { readJsonBody } from './read-json-body.js';
import { sendStoreBusy } from './store-busy-response.js';

const DEFAULT_BODY_LIMIT = 64 * 1024;
/**
 * Node's own bounds on a connection that sends its request line and headers, or its whole request, too slowly
 * (answered 408 and closed), checked every CONNECTIONS_CHECK_MS instead of Node's default 30 s.
 */
const HEADERS_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTIONS_CHECK_MS = 5_000;
/**
 * Open connections at once; more are closed as they arrive. Our callers need a few dozen; without a bound, idle
 * connections (each held up to HEADERS_TIMEOUT_MS) can use up the process's file descriptors, and then SQLite and the
 * Bot Connector sends fail too.
 */
export const MAX_CONNECTIONS = 1_000;

export type Route = {
  method: 'get' | 'post' | 'put' | 'del';
  path: string;
  bodyLimitBytes?: number;
  /** The handler reads the body itself (e.g. to verify a signature over the exact bytes) with `readRawBody`. */
  rawBody?: boolean;
  handler: (req: restify.Request, res: restify.Response) => Promise<void> | void;
};

/**
 * The restify server: JSON in and out, every request counted for graceful shutdown, and errors answered as JSON
 * without internals. No restify body parser: a POST or PUT body must be uncompressed JSON (else 415), is read into
 * memory up to the route's limit (413) within a deadline (408), and is parsed here (400) into `req.body`.
 */
export function createServer(options: { log: Logger; inFlight: InFlight; routes: readonly Route[]; observeDuration?: (route: string, seconds: number) => void }): Server {
  const server = restify.createServer({ name: 'brobygger', handleUncaughtExceptions: false });
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  // Read when the server starts listening; restify creates the Node server without options.
  (server.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = CONNECTIONS_CHECK_MS;
  server.server.maxConnections = MAX_CONNECTIONS;
  server.server.on('drop', (dropped?: { remoteAddress?: string }) => refusalLog.warn(options.log, { remote: dropped?.remoteAddress, limit: MAX_CONNECTIONS }, 'connection closed: too many open connections'));
  server.use(queryParser(options.log));
  for (const route of options.routes) {
    const hasBody = route.method === 'post' || route.method === 'put';
    server[route.method](route.path, async (req: restify.Request, res: restify.Response) => {
      const started = process.hrtime.bigint();
      await options.inFlight.track(async () => {
        try {
          if (hasBody && route.rawBody) checkJsonBodyHeaders(req);
          else if (hasBody) req.body = await readJsonBody(req, route.bodyLimitBytes ?? DEFAULT_BODY_LIMIT);
          await route.handler(req, res);
        } catch (error) {
          if (error instanceof BodyRefused) return refuse(req, res, error, options.log);
          if (isBusyError(error)) return storeBusy(req, res, options.log);
          options.log.error({ err: error, path: route.path }, 'request failed');
          if (!res.headersSent) res.send(500, { error: 'Internal error' });
        } finally {
          options.observeDuration?.(route.path, Number(process.hrtime.bigint() - started) / 1e9);
        }
      });
    });
  }
  server.on('restifyError', (req, res, error, callback) => {
    refusalLog.warn(options.log, { path: req.path().slice(0, 200), status: error.statusCode, code: error.code }, 'request rejected');
    // restify's own answers quote the request ("/x/0101901234 does not exist"); ours name only the status.
    error.toJSON = () => ({ error: STATUS_CODES[error.statusCode] ?? 'Request refused' });
    return callback();
  });
  return server;
}

/** One sampled warn line (never the body), a short answer, and the connection cleared of the rest of the body. */
function refuse(req: restify.Request, res: restify.Response, refusal: BodyRefused, log: Logger): void {
  refusalLog.warn(log, { path: req.path(), status: refusal.status, reason: refusal.reason, remote: req.socket.remoteAddress }, 'request body refused');
  if (refusal.status === 408) res.header('connection', 'close');
  else discardRest(req);
  for (const [name, value] of Object.entries(refusal.headers)) res.header(name, value);
  if (!res.headersSent) res.send(refusal.status, { error: refusal.answer });
}

/** Another process holds the database's write lock: the handler's transaction rolled back whole, so 503 + Retry-After. */
function storeBusy(req: restify.Request, res: restify.Response, log: Logger): void {
  log.warn({ path: req.path() }, 'request refused: the database write lock is held by another process (503)');
  if (!res.headersSent) sendStoreBusy(res);
}
