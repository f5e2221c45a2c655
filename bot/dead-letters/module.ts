/** What dead letters offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { deadLetterRoute } from './dead-letter-routes.js';
