import type { Route } from './create-server.js';

/** `/healthz`: the process is up. `/readyz`: the store is open, migrated, and we are not shutting down. */
export function healthRoutes(isReady: () => boolean): Route[] {
  return [
    { method: 'get', path: '/healthz', handler: (_req, res) => void res.send(200, { status: 'ok' }) },
    { method: 'get', path: '/readyz', handler: (_req, res) => void (isReady() ? res.send(200, { status: 'ready' }) : res.send(503, { status: 'not ready' })) },
  ];
}
