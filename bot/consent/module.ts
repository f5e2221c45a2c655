/** What consent offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { consentSettings, type ConsentSettings } from './consent-settings.js';
export { digitaltSamtykkeFromConfig } from './digitalt-samtykke-from-config.js';
