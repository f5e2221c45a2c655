import { z } from 'zod';
import { defineCardAction, type CardActionHandler } from '../chat/card-action-route.js';
import type { ChatContext } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { replaceCard, text, type Reply } from '../chat/reply.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { decideMarking } from './decide-marking.js';
import { queueMarkingNotice, type NoticeOutcome } from './marking-notice.js';
import { auditMarking, type MarkingOptions, type PendingMarking } from './request-marking.js';

const pendingReference = z.object({ pendingId: z.uuid() });
const pendingMarking = z.object({ cpr: z.string().length(10), shared: z.boolean(), reason: z.string().min(1) });

type Outcome = { kind: 'expired' } | { kind: 'refused' } | { kind: 'cancelled' } | { kind: 'recorded'; notice: NoticeOutcome };

/**
 * The confirmation card's buttons carry only `pendingId`; everything else is read back from the store. A
 * confirmation is decided again on the facts at that moment (a case may have closed since the card was shown), and
 * the marking, its audit row and the notice for the specialist unit's channel are committed together.
 */
async function settle(decision: 'confirmed' | 'cancelled', data: { pendingId: string }, request: ChatRequest, context: ChatContext, options: MarkingOptions): Promise<Reply[]> {
  const m = messages(request.locale);
  const { store } = context;
  const asker = await context.asker();
  const pending = await store.pendingActions.find(data.pendingId);
  if (!pending || pending.kind !== 'shared-marking') return [text(m.sharedMarking.expired)];
  if (!asker || pending.employeeId !== asker.id) return [text(m.sharedMarking.notYours)];
  const marking: PendingMarking = pendingMarking.parse(pending.payload);
  if (decision === 'confirmed' && !asker.roles.includes('specialist')) return [text(m.sharedMarking.onlySpecialists)];

  const today = copenhagenDate(request.now);
  const outcome = await store.transaction(async (tx): Promise<Outcome> => {
    if (decision === 'cancelled') {
      if (!await tx.pendingActions.trySettle(pending.id, 'cancelled', request.now)) return { kind: 'expired' };
      await auditMarking(tx, context, request, { action: 'shared.marking.cancelled', result: 'cancelled', cpr: marking.cpr, detail: { reason: marking.reason } });
      return { kind: 'cancelled' };
    }
    const access = await decideMarking(tx, marking.cpr, marking.shared, today);
    if (!await tx.pendingActions.trySettle(pending.id, access.allowed ? 'confirmed' : 'refused', request.now)) return { kind: 'expired' };
    if (!access.allowed) {
      await auditMarking(tx, context, request, { action: marking.shared ? 'shared.marked' : 'shared.unmarked', result: 'refused', cpr: marking.cpr, detail: { reason: access.reason } });
      return { kind: 'refused' };
    }
    await tx.sharedOverrides.record({ cpr: marking.cpr, shared: marking.shared, reason: marking.reason, byEmployeeId: asker.id, from: today, now: request.now });
    const notice = await queueMarkingNotice(tx, { ...marking, markerName: asker.name, dedupeKey: pending.id }, options.fallbackUnitId(), request.now);
    await auditMarking(tx, context, request, {
      action: marking.shared ? 'shared.marked' : 'shared.unmarked',
      result: 'recorded',
      cpr: marking.cpr,
      detail: { reason: marking.reason, notice: notice.queued ? { unitId: notice.unitId, channelId: notice.channelId } : { notPosted: 'no-channel', unitId: notice.unitId } },
    });
    return { kind: 'recorded', notice };
  });

  const masked = maskCpr(marking.cpr);
  const result = (line: string) => [replaceCard('shared-marking-result', { lang: request.locale, text: line, reason: marking.reason, reasonLabel: m.sharedMarking.reason })];
  switch (outcome.kind) {
    case 'expired':
      return [text(m.sharedMarking.expired)];
    case 'refused':
      return result(m.sharedMarking.refused(masked));
    case 'cancelled':
      return result(m.sharedMarking.cancelled);
    case 'recorded':
      if (!outcome.notice.queued) context.log.warn({ unitId: outcome.notice.unitId }, 'shared-citizen marking recorded, but the specialist unit has no channel: no notice was posted');
      return result(marking.shared ? m.sharedMarking.doneMark(masked) : m.sharedMarking.doneUnmark(masked));
  }
}

/** The confirmation card's two buttons. */
export function sharedMarkingCardActions(options: MarkingOptions): CardActionHandler<unknown>[] {
  return [
    defineCardAction({ verb: 'sharedMarking.confirm', schema: pendingReference, handle: (data, request, context) => settle('confirmed', data, request, context, options) }),
    defineCardAction({ verb: 'sharedMarking.cancel', schema: pendingReference, handle: (data, request, context) => settle('cancelled', data, request, context, options) }),
  ];
}
