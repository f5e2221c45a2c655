import type { Tx } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { fallbackUnitOf, routeAlert } from '../routing/route-alert.js';
import { sharedStatusOn } from '../citizen-status/shared-status.js';
import { eventDate, type IncomingEvent } from './event-schemas.js';

export const ALERT_PURPOSE = 'advis';

export type AlertOptions = {
  /** Events about citizens who are not shared citizens are stored but not posted. */
  dropNonShared: boolean;
  /** ALERT_FALLBACK_UNIT_ID, if set; otherwise the specialist unit. */
  fallbackUnitId: string | undefined;
};

export type Acceptance =
  /** `unrouted`: the alert has no reachable channel (not even the fallback unit's). */
  | { outcome: 'accepted'; alertId: number | null; unrouted?: boolean }
  | { outcome: 'duplicate' }
  | { outcome: 'unknown-citizen' };

/**
 * Stores one event and, unless it is dropped, its alert and the outbox row that posts it — all in the caller's
 * transaction, so either everything is written or nothing. Each step is audited.
 */
export function acceptEvent(store: Tx, webhookId: string, event: IncomingEvent, now: Date, options: AlertOptions): Acceptance {
  const cpr = event.data.cpr;
  const date = eventDate(event);
  const today = copenhagenDate(now);
  if (store.citizens.nameOf(cpr, date) === null && store.citizens.nameOf(cpr, today) === null) return { outcome: 'unknown-citizen' };
  const stored = store.events.insertIfNew({ webhookId, type: event.type, occurredAt: event.timestamp, receivedAt: now.toISOString(), cpr, eventDate: date, data: event.data });
  if (!stored) return { outcome: 'duplicate' };

  const audit = (action: string, result: 'recorded' | 'cancelled', detail: Record<string, unknown>) =>
    store.audit.append({ at: now, action, purpose: ALERT_PURPOSE, result, actorEmployeeId: null, actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: cpr, asOf: date, detail: { webhookId, ...detail } });
  audit('alert.received', 'recorded', { type: event.type });

  const shared = sharedStatusOn(store, cpr, date).shared;
  if (!shared && options.dropNonShared) {
    audit('alert.dropped', 'cancelled', { reason: 'not-a-shared-citizen' });
    return { outcome: 'accepted', alertId: null };
  }
  const route = routeAlert(store, cpr, date, fallbackUnitOf(store, options.fallbackUnitId, today), today);
  const alertId = store.alerts.create({ webhookId, unitId: route.unitId, channelId: route.channelId, routeReason: route.reason, now });
  audit('alert.routed', 'recorded', { alertId, unitId: route.unitId, channelId: route.channelId, reason: route.reason, shared });
  store.outbox.enqueue({
    dedupeKey: `alert:${alertId}:post`,
    operation: 'post',
    conversationId: route.channelId ?? '',
    message: { kind: 'alert', alertId },
    alertId,
    purpose: 'alert',
    now,
  });
  return { outcome: 'accepted', alertId, unrouted: route.channelId === null };
}
