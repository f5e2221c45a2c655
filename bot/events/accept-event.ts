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
export async function acceptEvent(store: Tx, webhookId: string, event: IncomingEvent, now: Date, options: AlertOptions): Promise<Acceptance> {
  const cpr = event.data.cpr;
  const date = eventDate(event);
  const today = copenhagenDate(now);
  if (await store.citizens.nameOf(cpr, date) === null && await store.citizens.nameOf(cpr, today) === null) return { outcome: 'unknown-citizen' };
  const stored = await store.events.insertIfNew({ webhookId, type: event.type, occurredAt: event.timestamp, receivedAt: now.toISOString(), cpr, eventDate: date, data: event.data });
  if (!stored) return { outcome: 'duplicate' };

  const audit = (action: string, result: 'recorded' | 'cancelled', detail: Record<string, unknown>) =>
    store.audit.append({ at: now, action, purpose: ALERT_PURPOSE, result, actorEmployeeId: null, actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: cpr, asOf: date, detail: { webhookId, ...detail } });
  await audit('alert.received', 'recorded', { type: event.type });

  const shared = (await sharedStatusOn(store, cpr, date)).shared;
  if (!shared && options.dropNonShared) {
    await audit('alert.dropped', 'cancelled', { reason: 'not-a-shared-citizen' });
    return { outcome: 'accepted', alertId: null };
  }
  const route = await routeAlert(store, cpr, date, await fallbackUnitOf(store, options.fallbackUnitId, today), today);
  const alertId = await store.alerts.create({ webhookId, unitId: route.unitId, channelId: route.channelId, routeReason: route.reason, now });
  await audit('alert.routed', 'recorded', { alertId, unitId: route.unitId, channelId: route.channelId, reason: route.reason, shared });
  await store.outbox.enqueue({
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
