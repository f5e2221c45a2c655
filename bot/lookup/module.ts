/** What the lookup offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { citizenLookupRoute } from './lookup-routes.js';
