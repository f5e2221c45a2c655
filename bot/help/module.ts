/** What help offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { helpRoute } from './help-route.js';
export { commandNearMissRoute } from './command-near-miss.js';
