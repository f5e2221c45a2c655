import type { ConsentRecord } from '../../data/repositories/consents.js';
import type { Repositories } from '../../data/store/store.js';
import type { ConsentPurpose } from '../../domain/consent/consent-purpose.js';
import type { ConsentLookup, ConsentSource } from './consent-source.js';
import { consentState } from './consent-state.js';
import type { DigitaltSamtykkeSource } from './digitalt-samtykke-source.js';

/**
 * Consents from consents.csv and from Digitalt Samtykke together: a consent in force at either source counts, and a
 * withdrawal Digitalt Samtykke knows of also ends the imported record with the same reference. When the service
 * cannot answer, a consent in force in the import still counts; otherwise the state is unknown (never consent).
 */
export class CombinedConsentSource implements ConsentSource {
  constructor(
    private readonly store: Repositories,
    private readonly service: DigitaltSamtykkeSource,
  ) {}

  async consentFor(cpr: string, purpose: ConsentPurpose, dates: { asOf: string; today: string }): Promise<ConsentLookup> {
    const fetched = await this.service.recordsFor(cpr, purpose);
    const imported = await this.store.consents.currentRecords(cpr, purpose, dates.today);
    if ('failure' in fetched) {
      const unavailable = `digitalt_samtykke: ${fetched.failure}`;
      const fromImport = consentState(imported, dates.asOf, dates.today);
      return fromImport.state === 'given' ? { ...fromImport, unavailable } : { state: 'unknown', unavailable };
    }
    return consentState(combineConsentRecords(imported, fetched.records), dates.asOf, dates.today);
  }
}

/** The service's records first, so that of two consents given the same day the service's is the one relied on. */
export function combineConsentRecords(imported: readonly ConsentRecord[], fetched: readonly ConsentRecord[]): ConsentRecord[] {
  const withdrawals = new Map(fetched.filter((record) => record.reference && record.withdrawnOn).map((record) => [record.reference!, record.withdrawnOn!]));
  const endedByService = imported.map((record) => {
    const withdrawnOn = record.reference ? withdrawals.get(record.reference) : undefined;
    if (!withdrawnOn || (record.withdrawnOn !== null && record.withdrawnOn <= withdrawnOn)) return record;
    return { ...record, withdrawnOn };
  });
  return [...fetched, ...endedByService];
}
