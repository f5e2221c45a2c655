import type { Employee } from '../../data/repositories/employees.js';
import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { Store, Tx } from '../../data/store/store.js';
import type { ChatRoute } from '../chat/chat-route.js';
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
    handle: async (request, context) => {
      const m = messages(request.locale);
      const asker = await context.asker();
      if (!asker?.roles.includes('admin')) return [text(m.delivery.onlyAdmins)];
      const redrive = REDRIVE.exec(request.text);
      if (!redrive) return [await listDead(context.store, request)];
      const which = redrive[3]!.replace(/^#/, '').toLowerCase();
      const ids = which === 'alle' || which === 'all' ? (await context.store.outbox.listDead(10_000)).map((row) => row.id) : /^\d+$/.test(which) ? [Number(which)] : [];
      const redriven = await context.store.transaction(async (tx) => {
        const done: number[] = [];
        for (const id of ids) if (await redriveOne(tx, asker, request, id, options.fallbackUnitId())) done.push(id);
        return done;
      });
      if (redriven.length === 0) return [text(which === 'alle' || which === 'all' ? m.delivery.noneDead : m.delivery.notDead(redactCprInText(which).slice(0, 60)))];
      return [text(m.delivery.redriven(redriven.length))];
    },
  };
}

async function listDead(store: Store, request: ChatRequest): Promise<Reply> {
  const m = messages(request.locale);
  const rows = await store.outbox.listDead(20);
  if (rows.length === 0) return text(m.delivery.noneDead);
  const total = (await store.outbox.countsByState()).dead;
  return card('item-list', {
    lang: request.locale,
    title: m.delivery.deadTitle(total),
    items: rows.map((row) => ({ text: m.delivery.deadItem(row.id, row.purpose, row.attempts, redactCprInText(row.lastError ?? '').slice(0, 120)) })),
    hint: m.delivery.redriveHint,
    redriveTitle: m.delivery.redriveButton,
  });
}

/** A dead alert post whose channel is gone (or was never linked) is routed again first: an admin may have fixed it. */
async function redriveOne(store: Tx, asker: Employee, request: ChatRequest, id: number, fallbackUnitId: string | undefined): Promise<boolean> {
  const row = await store.outbox.find(id);
  if (!row || row.state !== 'dead') return false;
  if (row.purpose === 'alert' && row.alertId && !(await store.conversations.find(row.conversationId))?.active) await reroute(store, row, fallbackUnitId, request.now);
  if (!await store.outbox.redrive(id, request.now)) return false;
  const actor = { employeeId: asker.id, aadObjectId: request.user.aadObjectId, administration: asker.administration };
  await auditAlert(store, row.alertId, 'alert.re-driven', request.now, { outboxId: id, purpose: row.purpose }, actor);
  return true;
}

async function reroute(store: Tx, row: OutboxRow, fallbackUnitId: string | undefined, now: Date): Promise<void> {
  const alert = (await store.alerts.find(row.alertId!))!;
  const event = (await store.events.find(alert.webhookId))!;
  const route = await routeAlert(store, event.cpr!, event.eventDate, await fallbackUnitOf(store, fallbackUnitId, copenhagenDate(now)), copenhagenDate(now));
  if (!route.channelId) return;
  await store.outbox.retargetTo(row.id, route.channelId);
  await store.alerts.rerouted(alert.id, route.channelId, route.reason);
}
