import type { Alert } from '../../data/repositories/alerts.js';
import type { Repositories } from '../../data/store/store.js';
import { consentAllowsSharing, type ConsentLookup, type ConsentSource } from '../consent/consent-source.js';
import { consentForAudit } from '../consent/describe-consent.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { withheldSides } from './alert-card-data.js';

/**
 * The consent an alert card relies on, from the same sources as a lookup (consents.csv and, when configured,
 * Digitalt Samtykke within its 1 s deadline), about the event's date and today. Anything that goes wrong is an
 * unknown consent — never consent — so the card is still delivered, with the other side withheld where required.
 */
export async function consentForAlert(store: Repositories, alert: Alert, source: ConsentSource): Promise<ConsentLookup> {
  const event = await store.events.find(alert.webhookId);
  if (!event?.cpr) return { state: 'unknown' };
  try {
    return await source.consentFor(event.cpr, 'bif_sof_sharing', { asOf: event.eventDate, today: copenhagenDate(new Date()) });
  } catch {
    return { state: 'unknown', unavailable: 'error' };
  }
}

/** What the audit row of showing an alert card records of consent, as a lookup's does (never a CPR number). */
export function alertConsentAudit(alert: Alert, consent: ConsentLookup, consentRequired: boolean, conversationId: string | null): Record<string, unknown> {
  const withheld = consentRequired && !consentAllowsSharing(consent) ? withheldSides(alert, conversationId) : [];
  return { consent: consentForAudit(consent), consentRequired, ...(withheld.length > 0 ? { withheld } : {}) };
}
