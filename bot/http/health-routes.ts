import type { Route } from './create-server.js';

/**
 * `/healthz`: the process is up (touches nothing, so it answers while the database is locked). `/readyz`: 200 when
 * everything can be served, else 503 with the reason (shutting down, schema not current, write lock held elsewhere).
 */
export function healthRoutes(notReadyReason: () => Promise<string | null>): Route[] {
  return [
    { method: 'get', path: '/healthz', handler: (_req, res) => void res.send(200, { status: 'ok' }) },
    {
      method: 'get',
      path: '/readyz',
      handler: async (_req, res) => {
        const reason = await notReadyReason();
        if (reason === null) res.send(200, { status: 'ready', ready: true });
        else res.send(503, { status: 'not ready', ready: false, reason });
      },
    },
  ];
}
