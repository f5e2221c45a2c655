import { z } from 'zod';
import type { Alert } from '../../data/repositories/alerts.js';
import type { Employee } from '../../data/repositories/employees.js';
import type { Store, Tx } from '../../data/store/store.js';
import { defineCardAction } from '../chat/card-action-route.js';
import { cardId } from '../chat/card-id.js';
import type { ChatContext } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { presserView, replaceCard, text, type Reply } from '../chat/reply.js';
import { containsCpr } from '../../domain/cpr/find-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatTime } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import type { ConsentLookup } from '../consent/consent-source.js';
import { answerLookup } from '../lookup/answer-lookup.js';
import { alertCard } from './alert-card-data.js';
import { alertConsentAudit, consentForAlert } from './alert-consent.js';
import { auditAlert } from './audit-alert.js';
import { alertPostedIn, enqueueCardUpdates } from './alert-updates.js';

const alertRef = z.object({ alertId: cardId });
const resolveData = alertRef.extend({ note: z.string().max(500).optional() });

type Checked = { ok: true; alert: Alert; employeeId: string } | { ok: false; replies: Reply[] };

/** The press must come from a registered employee, in a conversation where this alert's card was posted. */
async function checkPress(alertId: number, request: ChatRequest, context: ChatContext): Promise<Checked> {
  const m = messages(request.locale);
  const alert = await context.store.alerts.find(alertId);
  if (!alert) return { ok: false, replies: [text(m.alerts.notFound)] };
  if (!await alertPostedIn(context.store, alertId, request.conversationId)) {
    context.log.warn({ alertId }, 'alert action from a conversation the alert was not posted in: refused');
    return { ok: false, replies: [text(m.alerts.notHere)] };
  }
  const asker = await context.asker();
  if (!asker) return { ok: false, replies: [text(m.alerts.notEmployee)] };
  return { ok: true, alert, employeeId: asker.id };
}

async function audit(tx: Tx, asker: Employee | null, request: ChatRequest, alert: Alert, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  await auditAlert(tx, alert.id, action, request.now, detail, { employeeId: asker?.id ?? null, aadObjectId: request.user.aadObjectId, administration: asker?.administration ?? null });
}

async function lateAnswer(alert: Alert, request: ChatRequest, context: ChatContext): Promise<Reply[]> {
  const m = messages(request.locale);
  const today = copenhagenDate(request.now);
  const name = async (id: string | null) => (id ? ((await context.store.employees.findById(id, today))?.name ?? id) : '—');
  if (alert.state === 'resolved') return [text(m.alerts.alreadyResolved(await name(alert.resolvedBy), formatTime(alert.resolvedAt!, request.locale)))];
  return [text(m.alerts.alreadyClaimed(await name(alert.claimedBy), formatTime(alert.claimedAt!, request.locale)))];
}

/**
 * A claim or resolve: one conditional update (so the first press wins), audited, with every posted copy of the
 * card queued for an in-place update — all in one transaction. The presser gets the new card; a later presser is
 * told privately who got there first. The consent is looked up first (as for a lookup), so the audit row records
 * the consent the presser's card relies on.
 */
async function changeState(alertId: number, request: ChatRequest, context: ChatContext, change: { action: string; apply: (tx: Tx, employeeId: string) => Promise<boolean>; detail?: Record<string, unknown> }, consent: ConsentSettings): Promise<Reply[]> {
  const checked = await checkPress(alertId, request, context);
  if (!checked.ok) return checked.replies;
  const { store } = context;
  const lookup = await consentForAlert(store, checked.alert, consent.sourceFor(store));
  const asker = await context.asker();
  const changed = await store.transaction(async (tx) => {
    if (!await change.apply(tx, checked.employeeId)) return false;
    const updated = (await tx.alerts.find(alertId))!;
    await audit(tx, asker, request, updated, change.action, { ...change.detail, ...alertConsentAudit(updated, lookup, consent.requiredForSharing, request.conversationId) });
    await enqueueCardUpdates(tx, alertId, updated.version, request.now);
    return true;
  });
  const current = (await store.alerts.find(alertId))!;
  if (!changed) return lateAnswer(current, request, context);
  return [asReplacement(await cardAsPressed(store, current, request, consent, lookup))];
}

/** "Jeg tager den". */
const claimAlert = (consent: ConsentSettings) =>
  defineCardAction({
    verb: 'alert.claim',
    schema: alertRef,
    handle: ({ alertId }, request, context) =>
      changeState(alertId, request, context, { action: 'alert.claimed', apply: (tx, employeeId) => tx.alerts.tryClaim(alertId, employeeId, request.now) }, consent),
  });

/**
 * "Løst", with an optional note; whoever resolves an unclaimed alert has also taken it. The note is shown on the
 * card in the channel, so one with a CPR number is refused (nothing changes) and the presser may write it again.
 */
const resolveAlert = (consent: ConsentSettings) =>
  defineCardAction({
    verb: 'alert.resolve',
    schema: resolveData,
    handle: ({ alertId, note }, request, context) => {
      const trimmed = note?.trim() ? note.trim() : null;
      if (trimmed && containsCpr(trimmed)) {
        context.log.info({ alertId }, 'resolve note with a CPR number: refused');
        return [text(messages(request.locale).alerts.noteWithCpr)];
      }
      return changeState(
        alertId,
        request,
        context,
        {
          action: 'alert.resolved',
          apply: (tx, employeeId) => tx.alerts.tryResolve(alertId, employeeId, trimmed, request.now),
          detail: { withNote: trimmed !== null },
        },
        consent,
      );
    },
  });

/**
 * "Vis borger": the single-point-of-entry answer, with need-to-know and audit, sent to the presser's 1:1 chat. The
 * presser is told so on their own view of the card, which nobody else in the channel sees. It follows the
 * lookup's consent policy: the button shows nothing a lookup would not.
 */
const showCitizenFromAlert = (consent: ConsentSettings) => defineCardAction({
  verb: 'alert.show-citizen',
  schema: alertRef,
  handle: async ({ alertId }, request, context) => {
    const checked = await checkPress(alertId, request, context);
    if (!checked.ok) return checked.replies;
    const m = messages(request.locale);
    const { store } = context;
    const personal = request.user.aadObjectId ? await store.conversations.personalChatOf(request.user.aadObjectId) : null;
    if (!personal?.active) return [await noticeForPresser(checked.alert, m.alerts.noPersonalChat, request, context, consent)];
    const cpr = (await store.events.find(checked.alert.webhookId))!.cpr!;
    const answer = await answerLookup({ kind: 'lookup', cpr, asOf: null } as Parameters<typeof answerLookup>[0], { ...request, scope: 'personal' }, context, consent);
    await store.outbox.enqueue({
      dedupeKey: `alert:${alertId}:show:${checked.employeeId}:${request.now.getTime()}`,
      operation: 'post',
      conversationId: personal.conversationId,
      message: { kind: 'static', reply: answer[0]! },
      purpose: 'citizen-overview',
      now: request.now,
    });
    return [await noticeForPresser(checked.alert, m.alerts.citizenSent, request, context, consent)];
  },
});

/** The alert card with a notice that only the presser sees (the card in the channel stays as it is for everyone else). */
async function noticeForPresser(alert: Alert, notice: string, request: ChatRequest, context: ChatContext, consent: ConsentSettings): Promise<Reply> {
  const lookup = await consentForAlert(context.store, alert, consent.sourceFor(context.store));
  const view = await cardAsPressed(context.store, alert, request, consent, lookup, notice);
  return view.kind === 'card' ? presserView(view.card, view.data, notice) : view;
}

/** Universal Actions refresh: the current card as the invoke response, never a new message. */
const refreshAlert = (consent: ConsentSettings) =>
  defineCardAction({
    verb: 'alert.refresh',
    schema: alertRef,
    handle: async ({ alertId }, request, context) => {
      const checked = await checkPress(alertId, request, context);
      if (!checked.ok) return checked.replies;
      const lookup = await consentForAlert(context.store, checked.alert, consent.sourceFor(context.store));
      return [asReplacement(await cardAsPressed(context.store, checked.alert, request, consent, lookup))];
    },
  });

/** The alert card's buttons; the card they answer with follows the consent policy like the card that was posted. */
export const alertCardActions = (consent: ConsentSettings = consentSettings()) => [claimAlert(consent), resolveAlert(consent), showCitizenFromAlert(consent), refreshAlert(consent)];

/** The alert card as the presser's conversation may see it under the consent policy, with the consent looked up. */
async function cardAsPressed(store: Store, alert: Alert, request: ChatRequest, consent: ConsentSettings, lookup: ConsentLookup, notice?: string): Promise<Reply> {
  return alertCard(store, alert, request.locale, { ...(notice !== undefined ? { notice } : {}), consent: lookup, consentRequired: consent.requiredForSharing, conversationId: request.conversationId });
}

function asReplacement(reply: Reply): Reply {
  return reply.kind === 'card' ? replaceCard(reply.card, reply.data) : reply;
}
