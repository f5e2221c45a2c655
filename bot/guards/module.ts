/** What the guards offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { emptyMessageRoute, personalDataOutsidePersonalChatRoute, tooLongRoute } from './guard-routes.js';
