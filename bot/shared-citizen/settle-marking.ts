import { z } from 'zod';
import { defineCardAction } from '../chat/card-action-route.js';
import type { ChatContext } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { replaceCard, text, type Reply } from '../chat/reply.js';
import { maskCpr } from '../cpr/mask-cpr.js';
import { copenhagenDate } from '../dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { auditMarking, type PendingMarking } from './request-marking.js';

const pendingReference = z.object({ pendingId: z.uuid() });
const pendingMarking = z.object({ cpr: z.string().length(10), shared: z.boolean(), reason: z.string().min(1) });

/** The confirmation card's buttons carry only `pendingId`; everything else is read back from the store. */
function settle(decision: 'confirmed' | 'cancelled', data: { pendingId: string }, request: ChatRequest, context: ChatContext): Reply[] {
  const m = messages(request.locale);
  const asker = context.asker();
  const pending = context.store.pendingActions.find(data.pendingId);
  if (!pending || pending.kind !== 'shared-marking') return [text(m.sharedMarking.expired)];
  if (!asker || pending.employeeId !== asker.id) return [text(m.sharedMarking.notYours)];
  const marking: PendingMarking = pendingMarking.parse(pending.payload);
  if (decision === 'confirmed' && !asker.roles.includes('specialist')) return [text(m.sharedMarking.onlySpecialists)];

  let settled = false;
  context.store.db.transaction(() => {
    settled = context.store.pendingActions.trySettle(pending.id, decision, request.now);
    if (!settled) return;
    if (decision === 'confirmed') {
      context.store.sharedOverrides.record({ cpr: marking.cpr, shared: marking.shared, reason: marking.reason, byEmployeeId: asker.id, from: copenhagenDate(request.now), now: request.now });
    }
    auditMarking(context, request, {
      action: decision === 'confirmed' ? (marking.shared ? 'shared.marked' : 'shared.unmarked') : 'shared.marking.cancelled',
      result: decision === 'confirmed' ? 'recorded' : 'cancelled',
      cpr: marking.cpr,
      detail: { reason: marking.reason },
    });
  })();
  if (!settled) return [text(m.sharedMarking.expired)];
  const outcome =
    decision === 'cancelled'
      ? m.sharedMarking.cancelled
      : marking.shared
        ? m.sharedMarking.doneMark(maskCpr(marking.cpr))
        : m.sharedMarking.doneUnmark(maskCpr(marking.cpr));
  return [replaceCard('shared-marking-result', { lang: request.locale, text: outcome, reason: marking.reason, reasonLabel: m.sharedMarking.reason })];
}

export const confirmMarking = defineCardAction({ verb: 'sharedMarking.confirm', schema: pendingReference, handle: (data, request, context) => settle('confirmed', data, request, context) });
export const cancelMarking = defineCardAction({ verb: 'sharedMarking.cancel', schema: pendingReference, handle: (data, request, context) => settle('cancelled', data, request, context) });
