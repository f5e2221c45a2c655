/** What marking offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { sharedMarkingRoute } from './request-marking.js';
export { sharedMarkingCardActions } from './settle-marking.js';
export { markingDeliveryHooks } from './marking-delivery-hooks.js';
