/** What status offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { statusRoute } from './status-route.js';
export { statusEndpoint } from './status-endpoint.js';
