import type { Locale } from '../i18n/locale.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import type { ConsentLookup } from './consent-source.js';

/** The consent line every card about a citizen shows, e.g. "Samtykke til deling: givet 1. marts 2026, udløber 1. marts 2027". */
export function describeConsent(consent: ConsentLookup, locale: Locale): string {
  const m = messages(locale).lookup;
  const date = (value: string | null) => formatDate(value!, locale);
  switch (consent.state) {
    case 'given':
      return m.consentGiven(date(consent.givenOn), consent.expiresOn ? date(consent.expiresOn) : null);
    case 'expired':
      return m.consentExpired(date(consent.expiresOn));
    case 'withdrawn':
      return m.consentWithdrawn(date(consent.withdrawnOn));
    case 'not-yet':
      return m.consentNotYet(date(consent.givenOn));
    case 'none':
      return m.consentNone;
    case 'unknown':
      return m.consentUnknown;
  }
}

/** What the audit row records of the consent an answer relied on: the state and its dates, never the CPR number. */
export function consentForAudit(consent: ConsentLookup): Record<string, string> {
  const unavailable = consent.unavailable ?? null;
  if (consent.state === 'unknown') return unavailable ? { state: 'unknown', unavailable } : { state: 'unknown' };
  const entries = Object.entries({ state: consent.state, givenOn: consent.givenOn, expiresOn: consent.expiresOn, withdrawnOn: consent.withdrawnOn, source: consent.source, reference: consent.reference, unavailable });
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== null));
}
