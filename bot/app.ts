import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { openStore, type Store } from '../data/store/store.js';
import type { Config } from './config/load-config.js';
import { createServer } from './http/create-server.js';
import { healthRoutes } from './http/health-routes.js';
import { InFlight } from './http/in-flight.js';
import type { Logger } from './log/logger.js';
import { createAdapter, type AuthEndpoints } from './teams/create-adapter.js';
import { messagesEndpoint } from './teams/messages-endpoint.js';
import { createTurnHandler } from './teams/turn-handler.js';

/** Bot Framework messages may be large (cards, long texts); a message over MAX_MESSAGE_LENGTH gets a polite answer. */
const MESSAGES_BODY_LIMIT = 4 * 1024 * 1024;

export type Brobygger = {
  server: Server;
  store: Store;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, waits for in-flight requests (up to `graceMs`), closes the store. */
  shutdown(graceMs?: number): Promise<{ drained: boolean }>;
};

/** Wires config, store, the Bot Framework adapter and the HTTP routes. Nothing here knows what a lookup is. */
export function createBrobygger(options: { config: Config; log: Logger; store?: Store; authEndpoints?: AuthEndpoints; clock?: () => Date }): Brobygger {
  const { config, log } = options;
  const store = options.store ?? openStore(config.DATABASE_PATH);
  const inFlight = new InFlight();
  let shuttingDown = false;
  const adapter = createAdapter(config, options.authEndpoints);
  const logic = createTurnHandler({ store, log, allowedTenantIds: config.allowedTenantIds, localeOverride: config.LOCALE_OVERRIDE, ...(options.clock ? { clock: options.clock } : {}) });
  const server = createServer({
    log,
    inFlight,
    routes: [
      ...healthRoutes(() => !shuttingDown && store.isReady()),
      { method: 'post', path: '/api/messages', bodyLimitBytes: MESSAGES_BODY_LIMIT, handler: messagesEndpoint(adapter, logic, log) },
    ],
  });

  return {
    server,
    store,
    listen: (port, host = config.HOST) =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`);
        });
      }),
    shutdown: async (graceMs = 25_000) => {
      shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const drained = await inFlight.idle(graceMs);
      server.server.closeAllConnections();
      await closed;
      store.close();
      return { drained };
    },
  };
}
