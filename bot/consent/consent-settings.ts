import type { Repositories } from '../../data/store/store.js';
import { CombinedConsentSource } from './combined-consent-source.js';
import type { ConsentSource } from './consent-source.js';
import type { DigitaltSamtykkeSource } from './digitalt-samtykke-source.js';
import { StoredConsentSource } from './stored-consent-source.js';

/**
 * CONSENT_REQUIRED_FOR_SHARING, and where consents are read: the store (consents.csv), together with Digitalt
 * Samtykke when CONSENT_API_URL is set. With `requiredForSharing` off the consent state is still shown and audited;
 * it only decides what one administration sees of the other.
 */
export type ConsentSettings = {
  requiredForSharing: boolean;
  sourceFor(store: Repositories): ConsentSource;
};

export function consentSettings(requiredForSharing = false, service: DigitaltSamtykkeSource | null = null): ConsentSettings {
  return { requiredForSharing, sourceFor: (store) => (service ? new CombinedConsentSource(store, service) : new StoredConsentSource(store)) };
}
