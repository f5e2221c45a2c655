import type { Tx } from '../../data/store/store.js';
import { ALERT_PURPOSE } from '../events/accept-event.js';

export type AlertActor = { employeeId: string | null; aadObjectId: string | null; administration: string | null };

const SYSTEM: AlertActor = { employeeId: null, aadObjectId: null, administration: null };

/** One state change of an alert in the audit log, under the alert's citizen and event date. */
export async function auditAlert(store: Tx, alertId: number | null, action: string, now: Date, detail: Record<string, unknown> = {}, actor: AlertActor = SYSTEM): Promise<void> {
  const alert = alertId ? await store.alerts.find(alertId) : null;
  const event = alert ? await store.events.find(alert.webhookId) : null;
  await store.audit.append({
    at: now,
    action,
    purpose: ALERT_PURPOSE,
    result: 'recorded',
    actorEmployeeId: actor.employeeId,
    actorAadObjectId: actor.aadObjectId,
    actorAdministration: actor.administration,
    citizenCpr: event?.cpr ?? null,
    asOf: event?.eventDate ?? null,
    detail: { alertId, ...detail },
  });
}
