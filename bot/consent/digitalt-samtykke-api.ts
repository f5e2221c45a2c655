import { z } from 'zod';
import type { ConsentRecord } from '../../data/repositories/consents.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { ADMINISTRATIONS_SHARING, type ConsentPurpose } from '../../domain/consent/consent-purpose.js';

/**
 * Digitalt Samtykke's API as Brobygger assumes it (README "Consent", "Digitalt Samtykke"): Digitaliseringsstyrelsen
 * publishes its Swagger only to connected authorities, so the paths and fields below are a model, kept in this one
 * file so that adapting to the real API touches nothing else.
 *
 * - Token: `POST <token url>` (form: grant_type=client_credentials, client_id, client_secret, scope) answers
 *   `{ access_token, token_type: "Bearer", expires_in }`.
 * - Consents: `POST <CONSENT_API_URL>/v1/consents/search` with the bearer token and `{ cpr, template }` in the body
 *   (a POST, so the CPR number is never part of a URL that proxies and access logs keep), answering `{ consents: [...] }`.
 */
export const CONSENT_SEARCH_PATH = '/v1/consents/search';
export const TOKEN_SCOPE = 'digitalt-samtykke.consents.read';

/** The template (samtykkeskabelon) in Digitalt Samtykke that each purpose's consent is given on. */
export const TEMPLATE_FOR_PURPOSE: Readonly<Record<ConsentPurpose, string>> = { bif_sof_sharing: 'bif_sof_sharing' };

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
});

const instant = z.iso.datetime({ offset: true });

const apiConsentSchema = z
  .object({
    id: z.string().min(1).max(100),
    template: z.string().min(1),
    status: z.enum(['active', 'withdrawn', 'expired']),
    givenAt: instant,
    validTo: instant.nullable().optional(),
    withdrawnAt: instant.nullable().optional(),
  })
  .refine((consent) => consent.status !== 'withdrawn' || consent.withdrawnAt, { message: 'a withdrawn consent needs withdrawnAt' });

export const consentSearchResponseSchema = z.object({ consents: z.array(apiConsentSchema).max(1000) });

export type ApiConsent = z.infer<typeof apiConsentSchema>;

/**
 * A consent as the store's records read. Instants become Copenhagen days; the day of `validTo` or `withdrawnAt` is
 * the first day the consent no longer counts (a day-granular view errs towards no consent for the rest of that day).
 */
export function recordFromApi(consent: ApiConsent, purpose: ConsentPurpose): ConsentRecord {
  const day = (value: string | null | undefined) => (value ? copenhagenDate(new Date(value)) : null);
  const withdrawnOn = consent.status === 'withdrawn' ? day(consent.withdrawnAt) : null;
  // An `expired` consent without validTo is treated as ending the day it was given: it never counts.
  const expiresOn = day(consent.validTo) ?? (consent.status === 'expired' ? day(consent.givenAt) : null);
  return {
    givenOn: day(consent.givenAt)!,
    expiresOn,
    withdrawnOn,
    source: 'digitalt_samtykke',
    reference: consent.id,
    administrations: [...ADMINISTRATIONS_SHARING[purpose]],
  };
}
