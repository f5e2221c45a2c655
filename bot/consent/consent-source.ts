import type { ConsentPurpose } from '../../domain/consent/consent-purpose.js';

/**
 * A consent as it stands for a lookup: `given` (in force on the date asked and still today), `expired` or `withdrawn`
 * (it was, and no longer is), `not-yet` (given only after the date asked, or from a future day), `none` (nothing on
 * record). Only `given` lets one administration see the other's unit, caseworker and category.
 */
export type ConsentState = 'given' | 'expired' | 'withdrawn' | 'not-yet' | 'none';

export type ConsentAnswer = {
  state: ConsentState;
  givenOn: string | null;
  expiresOn: string | null;
  withdrawnOn: string | null;
  /** Where the consent is recorded: `import` (consents.csv) or `digitalt_samtykke`. */
  source: string | null;
  /** The consent's id at its source (e.g. in Digitalt Samtykke). */
  reference: string | null;
  /** A source that could not be asked, and why (e.g. `digitalt_samtykke: timeout`); the answer rests on the others. */
  unavailable?: string;
};

/** The source could not answer (e.g. a service that did not reply in time). Never counts as consent. */
export const UNKNOWN_CONSENT = { state: 'unknown' } as const;

export type ConsentLookup = ConsentAnswer | (typeof UNKNOWN_CONSENT & { unavailable?: string });

/**
 * Where consents are looked up: the store (consents.csv), and Digitalt Samtykke's API when configured. `asOf` is the date the
 * question is about, `today` the day the answer is shared: a consent counts only when it covers both.
 */
export interface ConsentSource {
  consentFor(cpr: string, purpose: ConsentPurpose, dates: { asOf: string; today: string }): Promise<ConsentLookup>;
}

export function consentAllowsSharing(consent: ConsentLookup): boolean {
  return consent.state === 'given';
}
