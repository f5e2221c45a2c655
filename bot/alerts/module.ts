/** What alerts offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { channelLinkRoute } from './channel-link-route.js';
export { alertCardActions } from './alert-actions.js';
export { alertDeliveryHooks } from './alert-delivery-hooks.js';
export { escalateDueAlerts } from './escalate-alerts.js';
export { routeUnroutedAlerts } from './route-unrouted-alerts.js';
export type { AlertSettings } from './alert-settings.js';
