import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { Repositories, Tx } from '../../data/store/store.js';
import { addWorkingTime } from '../../domain/calendar/working-time.js';
import { text, type Reply } from '../chat/reply.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import type { DeliveryHooks } from '../delivery/delivery-hooks.js';
import { alertCard } from './alert-card-data.js';
import { alertConsentAudit, consentForAlert } from './alert-consent.js';
import { auditAlert } from './audit-alert.js';
import type { AlertSettings } from './alert-settings.js';
import { ALERT_LOCALE, type AlertMessage } from './alert-updates.js';
import { fallbackUnitOf, routeAlert } from '../routing/route-alert.js';

/** Outbox messages: a fixed reply, a text, or an alert card rendered from the alert's state at send time. */
export type OutboxMessage = { kind: 'static'; reply: Reply } | { kind: 'text'; text: string } | AlertMessage;

/** Posted alert cards whose delivery is not yet written down, with the consent each was rendered with; a bound on leftovers. */
const MAX_RENDERED_WITH = 10_000;

/**
 * An outbox row's message. An alert card asks for the citizen's consent first, like a lookup (Digitalt Samtykke
 * within its deadline, else consents.csv; unavailable is never consent); `renderedWith` hears what it relied on.
 */
export async function renderOutboxMessage(store: Repositories, row: OutboxRow, consent: ConsentSettings = consentSettings(), renderedWith?: (detail: Record<string, unknown>) => void): Promise<Reply | null> {
  if (row.operation === 'delete') return null;
  const message = row.message as OutboxMessage;
  switch (message.kind) {
    case 'static':
      return message.reply;
    case 'text':
      return text(message.text);
    case 'alert': {
      const alert = await store.alerts.find(message.alertId);
      if (!alert) throw new Error(`alert ${message.alertId} not found`);
      const lookup = await consentForAlert(store, alert, consent.sourceFor(store));
      renderedWith?.(alertConsentAudit(alert, lookup, consent.requiredForSharing, row.conversationId));
      return alertCard(store, alert, ALERT_LOCALE, { escalated: message.escalated ?? false, resent: row.uncertain, consent: lookup, consentRequired: consent.requiredForSharing, conversationId: row.conversationId });
    }
  }
}

/** What delivery means for alerts: the escalation clock, re-routing when a channel is gone, and the audit trail. */
export function alertDeliveryHooks(settings: AlertSettings): DeliveryHooks {
  const audit = async (tx: Tx, row: OutboxRow, action: string, now: Date, detail: Record<string, unknown>) => {
    if (row.alertId) await auditAlert(tx, row.alertId, action, now, { outboxId: row.id, purpose: row.purpose, ...detail });
  };
  const consent = settings.consent ?? consentSettings();
  // The consent each posted card relied on, so the audit row of its delivery records it as a lookup's does.
  const renderedWith = new Map<number, Record<string, unknown>>();
  const remember = (row: OutboxRow) => (detail: Record<string, unknown>) => {
    if (row.operation !== 'post') return;
    renderedWith.delete(row.id);
    renderedWith.set(row.id, detail);
    if (renderedWith.size > MAX_RENDERED_WITH) renderedWith.delete(renderedWith.keys().next().value!);
  };
  const takeRenderedWith = (row: OutboxRow) => {
    const detail = renderedWith.get(row.id) ?? {};
    renderedWith.delete(row.id);
    return detail;
  };

  return {
    render: (reads, row) => renderOutboxMessage(reads, row, consent, remember(row)),

    async onSent(tx, row, activityId, now) {
      const consentDetail = takeRenderedWith(row);
      if (!row.alertId || row.operation !== 'post') return;
      await audit(tx, row, 'alert.delivered', now, { activityId, conversationId: row.conversationId, uncertain: row.uncertain, ...consentDetail });
      if (row.purpose !== 'alert') return;
      await tx.alerts.markDelivered(row.alertId, now, {
        remindAt: addWorkingTime(now, settings.escalationPeriodMs, settings.workingHours),
        escalateAt: addWorkingTime(now, 2 * settings.escalationPeriodMs, settings.workingHours),
      });
    },

    async onConversationGone(tx, row, reason, now) {
      takeRenderedWith(row);
      if (row.purpose !== 'alert' || !row.alertId) return false;
      const alert = (await tx.alerts.find(row.alertId))!;
      const event = (await tx.events.find(alert.webhookId))!;
      const today = copenhagenDate(now);
      // Route again (the channel is now inactive, so this finds the next channel up, or the fallback).
      const route = await routeAlert(tx, event.cpr!, event.eventDate, await fallbackUnitOf(tx, settings.fallbackUnitId, today), today);
      if (!route.channelId || route.channelId === row.conversationId) return false;
      await tx.alerts.rerouted(alert.id, route.channelId, `rerouted-${reason}`);
      await tx.outbox.enqueue({
        dedupeKey: `alert:${alert.id}:post:${route.channelId}`,
        operation: 'post',
        conversationId: route.channelId,
        message: row.message,
        alertId: alert.id,
        purpose: 'alert',
        now,
      });
      await audit(tx, row, 'alert.routed', now, { reason: `conversation-gone:${reason}`, from: row.conversationId, to: route.channelId });
      return true;
    },

    async onDead(tx, row, reason, now) {
      takeRenderedWith(row);
      await audit(tx, row, 'alert.dead-lettered', now, { reason });
    },
  };
}
