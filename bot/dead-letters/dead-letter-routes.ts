import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { Store, Tx } from '../../data/store/store.js';
import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { card, text, type Reply } from '../chat/reply.js';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { auditAlert } from '../alerts/audit-alert.js';
import { messages } from '../i18n/messages.js';
import { fallbackUnitOf, routeAlert } from '../routing/route-alert.js';

const LIST = /^(advis|alerts?)\s+(fejlet|fejlede|failed|dead)$/i;
const REDRIVE = /^(advis|alerts?)\s+(gensend|resend|redrive)\s+(\S+)$/i;

/** `advis fejlet` lists dead-lettered messages; `advis gensend <nr>|alle` sends them again (admins only). */
export function deadLetterRoute(options: { fallbackUnitId: () => string | undefined }): ChatRoute {
  return {
    name: 'dead-letters',
    matches: (request) => LIST.test(request.text) || REDRIVE.test(request.text),
    handle: (request, context) => {
      const m = messages(request.locale);
      const asker = context.asker();
      if (!asker?.roles.includes('admin')) return [text(m.delivery.onlyAdmins)];
      const redrive = REDRIVE.exec(request.text);
      if (!redrive) return [listDead(context.store, request)];
      const which = redrive[3]!.replace(/^#/, '').toLowerCase();
      const ids = which === 'alle' || which === 'all' ? context.store.outbox.listDead(10_000).map((row) => row.id) : /^\d+$/.test(which) ? [Number(which)] : [];
      const redriven = context.store.transaction((tx) => ids.filter((id) => redriveOne(tx, context, request, id, options.fallbackUnitId())));
      if (redriven.length === 0) return [text(which === 'alle' || which === 'all' ? m.delivery.noneDead : m.delivery.notDead(redactCprInText(which).slice(0, 60)))];
      return [text(m.delivery.redriven(redriven.length))];
    },
  };
}

function listDead(store: Store, request: ChatRequest): Reply {
  const m = messages(request.locale);
  const rows = store.outbox.listDead(20);
  if (rows.length === 0) return text(m.delivery.noneDead);
  const total = store.outbox.countsByState().dead;
  return card('item-list', {
    lang: request.locale,
    title: m.delivery.deadTitle(total),
    items: rows.map((row) => ({ text: m.delivery.deadItem(row.id, row.purpose, row.attempts, redactCprInText(row.lastError ?? '').slice(0, 120)) })),
    hint: m.delivery.redriveHint,
    redriveTitle: m.delivery.redriveButton,
  });
}

/** A dead alert post whose channel is gone (or was never linked) is routed again first: an admin may have fixed it. */
function redriveOne(store: Tx, context: ChatContext, request: ChatRequest, id: number, fallbackUnitId: string | undefined): boolean {
  const row = store.outbox.find(id);
  if (!row || row.state !== 'dead') return false;
  if (row.purpose === 'alert' && row.alertId && !store.conversations.find(row.conversationId)?.active) reroute(store, row, fallbackUnitId, request.now);
  if (!store.outbox.redrive(id, request.now)) return false;
  const asker = context.asker();
  const actor = { employeeId: asker?.id ?? null, aadObjectId: request.user.aadObjectId, administration: asker?.administration ?? null };
  auditAlert(store, row.alertId, 'alert.re-driven', request.now, { outboxId: id, purpose: row.purpose }, actor);
  return true;
}

function reroute(store: Tx, row: OutboxRow, fallbackUnitId: string | undefined, now: Date): void {
  const alert = store.alerts.find(row.alertId!)!;
  const event = store.events.find(alert.webhookId)!;
  const route = routeAlert(store, event.cpr!, event.eventDate, fallbackUnitOf(store, fallbackUnitId, copenhagenDate(now)), copenhagenDate(now));
  if (!route.channelId) return;
  store.outbox.retargetTo(row.id, route.channelId);
  store.alerts.rerouted(alert.id, route.channelId, route.reason);
}
