/** What the welcome offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { welcomeCard } from './welcome-card.js';
