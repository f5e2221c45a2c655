import { describe, expect, it } from 'vitest';
import { consentState } from '../../../bot/consent/consent-state.js';
import { consentForAudit, describeConsent } from '../../../bot/consent/describe-consent.js';
import type { ConsentRecord } from '../../../data/repositories/consents.js';

const record = (givenOn: string, ends: { expiresOn?: string; withdrawnOn?: string } = {}): ConsentRecord => ({
  givenOn,
  expiresOn: ends.expiresOn ?? null,
  withdrawnOn: ends.withdrawnOn ?? null,
  source: 'import',
  reference: 'DS-7',
  administrations: ['BIF', 'SOF'],
});
const TODAY = '2026-06-03';

describe('consentState: what a consent says for a lookup about asOf, answered today', () => {
  it.each([
    { name: 'given earlier, no end', records: [record('2026-03-01')], asOf: TODAY, state: 'given' },
    { name: 'given today', records: [record(TODAY)], asOf: TODAY, state: 'given' },
    { name: 'expiring tomorrow', records: [record('2026-03-01', { expiresOn: '2026-06-04' })], asOf: TODAY, state: 'given' },
    { name: 'expiring today (none from that day)', records: [record('2026-03-01', { expiresOn: TODAY })], asOf: TODAY, state: 'expired' },
    { name: 'withdrawn today (none from that day)', records: [record('2026-03-01', { withdrawnOn: TODAY })], asOf: TODAY, state: 'withdrawn' },
    { name: 'withdrawn after the date asked, answered after the withdrawal', records: [record('2026-03-01', { withdrawnOn: '2026-05-01' })], asOf: '2026-04-01', state: 'withdrawn' },
    { name: 'expired before it would have been withdrawn', records: [record('2025-03-01', { expiresOn: '2026-03-01', withdrawnOn: '2026-04-01' })], asOf: TODAY, state: 'expired' },
    { name: 'given only after the date asked', records: [record('2026-03-01')], asOf: '2026-02-01', state: 'not-yet' },
    { name: 'dated to start in the future', records: [record('2026-07-01')], asOf: TODAY, state: 'not-yet' },
    { name: 'nothing on record', records: [], asOf: TODAY, state: 'none' },
    { name: 'an expired consent and its renewal', records: [record('2025-03-01', { expiresOn: '2026-03-01' }), record('2026-03-01')], asOf: TODAY, state: 'given' },
    { name: 'a day covered by a consent since renewed', records: [record('2025-03-01', { expiresOn: '2026-03-01' }), record('2026-03-01')], asOf: '2025-06-01', state: 'given' },
    { name: 'a day between a consent and its late renewal', records: [record('2025-03-01', { expiresOn: '2026-01-01' }), record('2026-03-01')], asOf: '2026-02-01', state: 'not-yet' },
    { name: 'a renewal dated to start in the future, after the old one expired', records: [record('2025-03-01', { expiresOn: '2026-03-01' }), record('2026-07-01')], asOf: TODAY, state: 'expired' },
  ])('$name: $state', ({ records, asOf, state }) => {
    expect(consentState(records, asOf, TODAY).state).toBe(state);
  });
});

/** Dates in Danish card texts keep "1." and the month together with a no-break space. */
const da = (text: string) => text.replace(/(\d)\. /g, '$1.\u00a0');

describe('the consent line and the audit detail', () => {
  it('says when consent was given and when it expires, or that there is none', () => {
    expect(describeConsent(consentState([record('2026-03-01', { expiresOn: '2027-03-01' })], TODAY, TODAY), 'da')).toBe(da('Samtykke til deling: givet 1. marts 2026, udløber 1. marts 2027'));
    expect(describeConsent(consentState([record('2026-03-01')], TODAY, TODAY), 'da')).toBe(da('Samtykke til deling: givet 1. marts 2026, uden udløbsdato'));
    expect(describeConsent(consentState([record('2026-03-01', { withdrawnOn: TODAY })], TODAY, TODAY), 'da')).toBe(da('Samtykke trukket tilbage 3. juni 2026'));
    expect(describeConsent(consentState([record('2025-03-01', { expiresOn: '2026-03-01' })], TODAY, TODAY), 'da')).toBe(da('Samtykke til deling udløb 1. marts 2026'));
    expect(describeConsent(consentState([record('2026-07-01')], TODAY, TODAY), 'da')).toBe(da('Samtykke til deling gælder først fra 1. juli 2026'));
    expect(describeConsent(consentState([], TODAY, TODAY), 'da')).toBe('Intet samtykke registreret');
    expect(describeConsent({ state: 'unknown' }, 'da')).toBe('Samtykket kan ikke slås op lige nu');
    expect(describeConsent(consentState([record('2026-03-01', { expiresOn: '2027-03-01' })], TODAY, TODAY), 'en')).toBe('Consent to sharing: given 1 March 2026, expires 1 March 2027');
  });

  it('records the state, its dates, source and reference for the audit row, leaving out what is not set', () => {
    expect(consentForAudit(consentState([record('2026-03-01', { withdrawnOn: TODAY })], TODAY, TODAY))).toEqual({ state: 'withdrawn', givenOn: '2026-03-01', withdrawnOn: TODAY, source: 'import', reference: 'DS-7' });
    expect(consentForAudit(consentState([], TODAY, TODAY))).toEqual({ state: 'none' });
  });
});
