import type { Repositories, Tx } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { fallbackUnitOf, routeAlert, type AlertRoute } from '../routing/route-alert.js';
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

/** What an event leads to, worked out before anything is written (planEvent). */
export type EventPlan =
  | { kind: 'unknown-citizen' }
  | { kind: 'drop'; cpr: string; date: string }
  | { kind: 'alert'; cpr: string; date: string; shared: boolean; route: AlertRoute };

/**
 * Stores one event and, unless it is dropped, its alert and the outbox row that posts it — all in the caller's
 * transaction, so either everything is written or nothing. Each step is audited.
 */
export async function acceptEvent(store: Tx, webhookId: string, event: IncomingEvent, now: Date, options: AlertOptions): Promise<Acceptance> {
  return recordEvent(store, webhookId, event, await planEvent(store, event, now, options), now);
}

/**
 * The reads an event needs (is the citizen known, shared, where does the alert go), apart from the writes, so they
 * can run outside the unit that writes: on PostgreSQL that unit holds the audit chain's lock, which every write unit
 * of every instance waits for. Read from one committed state (store.readSnapshot), a plan is as an event that
 * arrived a moment earlier would have had it.
 */
export async function planEvent(reads: Repositories, event: IncomingEvent, now: Date, options: AlertOptions): Promise<EventPlan> {
  const cpr = event.data.cpr;
  const date = eventDate(event);
  const today = copenhagenDate(now);
  if (await reads.citizens.nameOf(cpr, date) === null && await reads.citizens.nameOf(cpr, today) === null) return { kind: 'unknown-citizen' };
  const shared = (await sharedStatusOn(reads, cpr, date)).shared;
  if (!shared && options.dropNonShared) return { kind: 'drop', cpr, date };
  const route = await routeAlert(reads, cpr, date, await fallbackUnitOf(reads, options.fallbackUnitId, today), today);
  return { kind: 'alert', cpr, date, shared, route };
}

/** Writes what `plan` says (acceptEvent's writes), in the caller's transaction. */
export async function recordEvent(store: Tx, webhookId: string, event: IncomingEvent, plan: EventPlan, now: Date): Promise<Acceptance> {
  if (plan.kind === 'unknown-citizen') return { outcome: 'unknown-citizen' };
  const { cpr, date } = plan;
  const stored = await store.events.insertIfNew({ webhookId, type: event.type, occurredAt: event.timestamp, receivedAt: now.toISOString(), cpr, eventDate: date, data: event.data });
  if (!stored) return { outcome: 'duplicate' };

  const audit = (action: string, result: 'recorded' | 'cancelled', detail: Record<string, unknown>) =>
    store.audit.append({ at: now, action, purpose: ALERT_PURPOSE, result, actorEmployeeId: null, actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: cpr, asOf: date, detail: { webhookId, ...detail } });
  await audit('alert.received', 'recorded', { type: event.type });

  if (plan.kind === 'drop') {
    await audit('alert.dropped', 'cancelled', { reason: 'not-a-shared-citizen' });
    return { outcome: 'accepted', alertId: null };
  }
  const { route, shared } = plan;
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
