import restify, { type Server } from 'restify';
import type { Logger } from '../log/logger.js';
import type { InFlight } from './in-flight.js';

export type Route = {
  method: 'get' | 'post' | 'put' | 'del';
  path: string;
  bodyLimitBytes?: number;
  /** The handler reads the body itself (e.g. to verify a signature over the exact bytes). */
  rawBody?: boolean;
  handler: (req: restify.Request, res: restify.Response) => Promise<void> | void;
};

/**
 * The restify server: JSON in and out, a body limit per route, every request counted for graceful shutdown, and
 * errors answered as JSON without internals.
 */
export function createServer(options: { log: Logger; inFlight: InFlight; routes: readonly Route[] }): Server {
  const server = restify.createServer({ name: 'brobygger', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  for (const route of options.routes) {
    const handlers: restify.RequestHandlerType[] = [];
    if ((route.method === 'post' || route.method === 'put') && !route.rawBody) {
      handlers.push(restify.plugins.bodyParser({ maxBodySize: route.bodyLimitBytes ?? 64 * 1024, mapParams: false, mapFiles: false, requestBodyOnGet: false }));
    }
    handlers.push(async (req: restify.Request, res: restify.Response) => {
      await options.inFlight.track(async () => {
        try {
          await route.handler(req, res);
        } catch (error) {
          options.log.error({ err: error, path: route.path }, 'request failed');
          if (!res.headersSent) res.send(500, { error: 'Internal error' });
        }
      });
    });
    server[route.method](route.path, ...handlers);
  }
  server.on('restifyError', (req, res, error, callback) => {
    options.log.warn({ path: req.path(), status: error.statusCode, code: error.code }, 'request rejected');
    return callback();
  });
  return server;
}
