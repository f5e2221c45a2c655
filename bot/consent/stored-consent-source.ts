import type { Repositories } from '../../data/store/store.js';
import type { ConsentPurpose } from '../../domain/consent/consent-purpose.js';
import type { ConsentLookup, ConsentSource } from './consent-source.js';
import { consentState } from './consent-state.js';

/** Consents imported from consents.csv, as the store holds them today. */
export class StoredConsentSource implements ConsentSource {
  constructor(private readonly store: Repositories) {}

  async consentFor(cpr: string, purpose: ConsentPurpose, dates: { asOf: string; today: string }): Promise<ConsentLookup> {
    return consentState(await this.store.consents.currentRecords(cpr, purpose, dates.today), dates.asOf, dates.today);
  }
}
