/** What retention offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { startDailyRetention } from './daily-retention.js';
