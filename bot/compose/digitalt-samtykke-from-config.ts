import type { Config } from '../config/load-config.js';
import type { Logger } from '../log/logger.js';
import { DigitaltSamtykkeClient, DigitaltSamtykkeSource, withSlash } from '../consent/module.js';

/** Digitalt Samtykke as configured, or null when CONSENT_API_URL is not set (consents.csv alone). */
export function digitaltSamtykkeFromConfig(config: Config, log: Logger): DigitaltSamtykkeSource | null {
  if (!config.CONSENT_API_URL || !config.CONSENT_API_CLIENT_ID || !config.CONSENT_API_CLIENT_SECRET) return null;
  const client = new DigitaltSamtykkeClient({
    baseUrl: config.CONSENT_API_URL,
    tokenUrl: config.CONSENT_API_TOKEN_URL ?? new URL('oauth2/token', withSlash(config.CONSENT_API_URL)).toString(),
    clientId: config.CONSENT_API_CLIENT_ID,
    clientSecret: config.CONSENT_API_CLIENT_SECRET,
  });
  return new DigitaltSamtykkeSource(client, log.child({ component: 'consent' }), { cacheMs: config.CONSENT_API_CACHE });
}
