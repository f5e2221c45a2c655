/** What the hotline offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { hotlineRoute } from './hotline-routes.js';
export { defaultHotlineSettings, type HotlineSettings } from './hotline-settings.js';
export { hotlineRouteEndpoint } from './hotline-endpoint.js';
