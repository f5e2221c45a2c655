import type { Store } from '../../data/store/store.js';
import type { ConsentSource } from './consent-source.js';
import { StoredConsentSource } from './stored-consent-source.js';

/**
 * CONSENT_REQUIRED_FOR_SHARING, and where consents are read. With `requiredForSharing` off the consent state is
 * still shown and audited; it only decides what one administration sees of the other.
 */
export type ConsentSettings = {
  requiredForSharing: boolean;
  sourceFor(store: Store): ConsentSource;
};

export function consentSettings(requiredForSharing = false): ConsentSettings {
  return { requiredForSharing, sourceFor: (store) => new StoredConsentSource(store) };
}
