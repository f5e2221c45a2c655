import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { Store } from '../../data/store/store.js';
import { addWorkingTime } from '../calendar/working-time.js';
import { text, type Reply } from '../chat/reply.js';
import { copenhagenDate } from '../dates/iso-date.js';
import type { DeliveryHooks } from '../delivery/outbox-worker.js';
import { alertCard } from './alert-card-data.js';
import { auditAlert } from './audit-alert.js';
import type { AlertSettings } from './alert-settings.js';
import { ALERT_LOCALE, type AlertMessage } from './alert-updates.js';
import { fallbackUnitOf, routeAlert } from './route-alert.js';

/** Outbox messages: a fixed reply, a text, or an alert card rendered from the alert's state at send time. */
export type OutboxMessage = { kind: 'static'; reply: Reply } | { kind: 'text'; text: string } | AlertMessage;

export function renderOutboxMessage(store: Store, row: OutboxRow, options: { consentRequired?: boolean } = {}): Reply | null {
  if (row.operation === 'delete') return null;
  const message = row.message as OutboxMessage;
  switch (message.kind) {
    case 'static':
      return message.reply;
    case 'text':
      return text(message.text);
    case 'alert': {
      const alert = store.alerts.find(message.alertId);
      if (!alert) throw new Error(`alert ${message.alertId} not found`);
      return alertCard(store, alert, ALERT_LOCALE, { escalated: message.escalated ?? false, resent: row.uncertain, consentRequired: options.consentRequired ?? false, conversationId: row.conversationId });
    }
  }
}

/** What delivery means for alerts: the escalation clock, re-routing when a channel is gone, and the audit trail. */
export function alertDeliveryHooks(store: Store, settings: AlertSettings): DeliveryHooks {
  const audit = (row: OutboxRow, action: string, now: Date, detail: Record<string, unknown>) => {
    if (row.alertId) auditAlert(store, row.alertId, action, now, { outboxId: row.id, purpose: row.purpose, ...detail });
  };

  return {
    render: (row) => renderOutboxMessage(store, row, { consentRequired: settings.consentRequiredForSharing ?? false }),

    onSent(row, activityId, now) {
      if (!row.alertId || row.operation !== 'post') return;
      audit(row, 'alert.delivered', now, { activityId, conversationId: row.conversationId, uncertain: row.uncertain });
      if (row.purpose !== 'alert') return;
      store.alerts.markDelivered(row.alertId, now, {
        remindAt: addWorkingTime(now, settings.escalationPeriodMs, settings.workingHours),
        escalateAt: addWorkingTime(now, 2 * settings.escalationPeriodMs, settings.workingHours),
      });
    },

    onConversationGone(row, reason, now) {
      if (row.purpose !== 'alert' || !row.alertId) return false;
      const alert = store.alerts.find(row.alertId)!;
      const event = store.events.find(alert.webhookId)!;
      const today = copenhagenDate(now);
      // Route again (the channel is now inactive, so this finds the next channel up, or the fallback).
      const route = routeAlert(store, event.cpr!, event.eventDate, fallbackUnitOf(store, settings.fallbackUnitId, today), today);
      if (!route.channelId || route.channelId === row.conversationId) return false;
      store.alerts.rerouted(alert.id, route.channelId, `rerouted-${reason}`);
      store.outbox.enqueue({
        dedupeKey: `alert:${alert.id}:post:${route.channelId}`,
        operation: 'post',
        conversationId: route.channelId,
        message: row.message,
        alertId: alert.id,
        purpose: 'alert',
        now,
      });
      audit(row, 'alert.routed', now, { reason: `conversation-gone:${reason}`, from: row.conversationId, to: route.channelId });
      return true;
    },

    onDead(row, reason, now) {
      audit(row, 'alert.dead-lettered', now, { reason });
    },
  };
}
