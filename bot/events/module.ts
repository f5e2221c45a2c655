/** What events offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { EventIntake } from './event-intake.js';
export { eventsEndpoint } from './events-endpoint.js';
export { EVENT_TYPES } from './event-schemas.js';
