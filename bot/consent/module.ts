/** What consent offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { consentSettings, type ConsentSettings } from './consent-settings.js';
export { DigitaltSamtykkeClient, withSlash } from './digitalt-samtykke-client.js';
export { DigitaltSamtykkeSource } from './digitalt-samtykke-source.js';
