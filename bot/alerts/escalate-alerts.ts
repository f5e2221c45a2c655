import type { Alert } from '../../data/repositories/alerts.js';
import { BUSY_IN_A_ROW } from '../../data/sql/retry-while-busy.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import type { Store, Tx } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import type { AlertSettings } from './alert-settings.js';
import { ALERT_LOCALE, type AlertMessage } from './alert-updates.js';
import { auditAlert } from './audit-alert.js';
import { channelOfUnit, fallbackUnitOf } from '../routing/route-alert.js';

/**
 * Unclaimed alerts: after one period of working time a reminder in the card's thread; after the second the card
 * goes to the fallback channel and to the unit's managers in 1:1 chat. Each step is written once (the alert row
 * records it in the same transaction as the outbox rows), so running this again or after a restart repeats nothing,
 * nor does another instance running it at the same moment. An alert whose step is busy (another instance is at it,
 * or holds a lock) is counted in `busy` and left to the next check; the others go on, unless BUSY_IN_A_ROW were.
 */
export async function escalateDueAlerts(store: Store, settings: AlertSettings, now: Date): Promise<{ reminded: number; escalated: number; busy: number }> {
  let reminded = 0;
  let escalated = 0;
  let busy = 0;
  let inARow = 0;
  const busyNow = () => {
    busy++;
    return ++inARow >= BUSY_IN_A_ROW;
  };
  for (const alert of await store.alerts.remindersDue(now)) {
    const done = await unlessBusy(() => store.transaction(async (tx) => {
      if (!await tx.alerts.markReminded(alert.id, now)) return false;
      const root = (await tx.outbox.postsOf(alert.id)).find((post) => post.purpose === 'alert' && post.conversationId === alert.channelId);
      if (root) {
        await tx.outbox.enqueue({
          dedupeKey: `alert:${alert.id}:reminder`,
          operation: 'reply',
          conversationId: root.conversationId,
          threadOf: root.id,
          message: { kind: 'text', text: messages(ALERT_LOCALE).alerts.reminder(hoursText(settings.escalationPeriodMs)) },
          alertId: alert.id,
          purpose: 'alert-reminder',
          now,
        });
      }
      await audit(tx, alert, now, { step: 'reminder', posted: root !== undefined });
      return true;
    }));
    if (done === 'busy') {
      if (busyNow()) return { reminded, escalated, busy };
      continue;
    }
    inARow = 0;
    if (done) reminded++;
  }
  for (const alert of await store.alerts.escalationsDue(now)) {
    const done = await unlessBusy(() => store.transaction(async (tx) => {
      if (!await tx.alerts.markEscalated(alert.id, now)) return false;
      const today = copenhagenDate(now);
      const message: AlertMessage = { kind: 'alert', alertId: alert.id, escalated: true };
      const fallbackUnit = await fallbackUnitOf(tx, settings.fallbackUnitId, today);
      const fallbackChannel = fallbackUnit ? await channelOfUnit(tx, fallbackUnit, today) : null;
      const toFallback = fallbackChannel !== null && fallbackChannel !== alert.channelId && (await tx.conversations.find(fallbackChannel))?.active === true;
      if (toFallback) {
        await tx.outbox.enqueue({ dedupeKey: `alert:${alert.id}:escalation:channel`, operation: 'post', conversationId: fallbackChannel, message, alertId: alert.id, purpose: 'alert-escalation', now });
      }
      const managers = await managersOf(tx, alert, today);
      const withoutChat: string[] = [];
      for (const manager of managers) {
        const chat = manager.aadObjectId ? await tx.conversations.personalChatOf(manager.aadObjectId) : null;
        if (!chat?.active) {
          withoutChat.push(manager.id);
          continue;
        }
        await tx.outbox.enqueue({ dedupeKey: `alert:${alert.id}:escalation:manager:${manager.id}`, operation: 'post', conversationId: chat.conversationId, message, alertId: alert.id, purpose: 'alert-escalation', now });
      }
      await audit(tx, alert, now, { step: 'escalation', toFallbackChannel: toFallback, managers: managers.map((manager) => manager.id), managersWithoutChat: withoutChat });
      return true;
    }));
    if (done === 'busy') {
      if (busyNow()) break;
      continue;
    }
    inARow = 0;
    if (done) escalated++;
  }
  return { reminded, escalated, busy };
}

/** What `work` returned, or 'busy' when it met StoreBusy (nothing of it was written); any other failure is thrown. */
async function unlessBusy<T>(work: () => Promise<T>): Promise<T | 'busy'> {
  try {
    return await work();
  } catch (error) {
    if (isBusyError(error)) return 'busy';
    throw error;
  }
}

/** The managers of the alert's unit, or of its nearest ancestor that has any. */
async function managersOf(store: Tx, alert: Alert, today: string) {
  if (!alert.unitId) return [];
  for (const unit of await store.units.withAncestors(alert.unitId, today)) {
    const managers = await store.employees.withRoleInUnit(unit.id, 'manager', today);
    if (managers.length > 0) return managers;
  }
  return [];
}

async function audit(store: Tx, alert: Alert, now: Date, detail: Record<string, unknown>): Promise<void> {
  await auditAlert(store, alert.id, 'alert.escalated', now, detail);
}

function hoursText(ms: number): string {
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `${hours} t` : `${Math.round(ms / 60_000)} min`;
}
