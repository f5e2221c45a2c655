import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';
import type { BrobyggerMetrics } from './brobygger-metrics.js';

/** Unauthenticated, so bounded like the other listeners: small headers, short deadlines, few connections, no body read. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_CONNECTIONS = 50;

export type MetricsListener = { url: string; close(): Promise<void> };

/** `GET /metrics` in Prometheus' text format on its own listener; every other request is answered 404. */
export async function listenForMetrics(metrics: BrobyggerMetrics, port: number, host: string, log: Logger): Promise<MetricsListener> {
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    // The request's body, if any, is never read: the connection is closed after the answer.
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Not found\n');
      return;
    }
    metrics.registry
      .metrics()
      .then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'metrics could not be collected');
        if (res.headersSent) return res.destroy();
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Metrics could not be collected\n');
      });
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
