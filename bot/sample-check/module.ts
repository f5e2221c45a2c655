/** What sample checks offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { sampleCheckRoute } from './sample-check-route.js';
