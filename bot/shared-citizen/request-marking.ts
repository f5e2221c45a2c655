import type { Tx } from '../../data/store/store.js';
import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { card, text, type Reply } from '../chat/reply.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { describeCprProblem } from '../lookup/describe-cpr-problem.js';
import { decideMarking } from './decide-marking.js';
import { noticeChannelOf } from './marking-notice.js';
import { MARKING_COMMAND, parseMarkingCommand } from './parse-marking-command.js';

export const MARKING_PURPOSE = 'shared_marking';
export const MAX_REASON_LENGTH = 500;
export const CONFIRMATION_MINUTES = 30;

export type PendingMarking = { cpr: string; shared: boolean; reason: string };

/** ALERT_FALLBACK_UNIT_ID, read when needed: the specialist unit whose channel is told of every marking. */
export type MarkingOptions = { fallbackUnitId: () => string | undefined };

/**
 * A specialist asks to mark (or unmark) a citizen as shared. Nothing changes yet: the answer is a confirmation
 * card whose buttons carry only the id of the pending request. The card names no citizen and no current status:
 * it shows only what the specialist wrote, so it tells no more than a lookup would. An unknown number and a
 * citizen who may not be marked get the same words.
 */
export async function requestMarking(request: ChatRequest, context: ChatContext, options: MarkingOptions): Promise<Reply[]> {
  const m = messages(request.locale);
  const command = parseMarkingCommand(request.text)!;
  const asker = await context.asker();
  if (!asker) return [text(m.common.unknownUser)];
  if (!asker.roles.includes('specialist')) {
    if (command.kind === 'marking') await auditMarking(context.store, context, request, { result: 'refused', cpr: command.cpr, detail: { reason: 'not-a-specialist' } });
    return [text(m.sharedMarking.onlySpecialists)];
  }
  if (command.kind === 'no-cpr') return [text(m.sharedMarking.reasonMissing(command.verb))];
  if (command.kind === 'bad-cpr') return [text(describeCprProblem(command.shown, command.problem, m))];
  if (command.reason === '') return [text(m.sharedMarking.reasonMissing(command.verb))];
  if (command.reason.length > MAX_REASON_LENGTH) return [text(m.sharedMarking.reasonTooLong(MAX_REASON_LENGTH))];

  const { store } = context;
  const today = copenhagenDate(request.now);
  const requested = command.shared ? 'mark' : 'unmark';
  const decision = await decideMarking(store, command.cpr, command.shared, today);
  if (!decision.allowed) {
    await auditMarking(context.store, context, request, { result: 'refused', cpr: command.cpr, detail: { reason: decision.reason, requested } });
    return [text(m.sharedMarking.refused(maskCpr(command.cpr)))];
  }
  const pending: PendingMarking = { cpr: command.cpr, shared: command.shared, reason: command.reason };
  const pendingId = await store.transaction(async (tx) => {
    const id = await tx.pendingActions.create({ employeeId: asker.id, kind: 'shared-marking', payload: pending, now: request.now, ttlMinutes: CONFIRMATION_MINUTES });
    await auditMarking(tx, context, request, { result: 'shown', cpr: command.cpr, shown: ['citizen.cpr_masked'], detail: { requested } });
    return id;
  });
  const { channelId } = await noticeChannelOf(store, options.fallbackUnitId(), today);
  return [
    card('shared-marking-confirm', {
      lang: request.locale,
      title: command.shared ? m.sharedMarking.confirmTitleMark : m.sharedMarking.confirmTitleUnmark,
      maskedCpr: maskCpr(command.cpr),
      facts: [
        { title: m.sharedMarking.newStatus, value: m.sharedMarking.statusManual(command.shared ? m.sharedMarking.statusShared : m.sharedMarking.statusNotShared) },
        { title: m.sharedMarking.reason, value: command.reason },
      ],
      note: channelId ? m.sharedMarking.postedInChannel : m.sharedMarking.noChannel,
      confirm: { title: m.sharedMarking.confirm, verb: 'sharedMarking.confirm', pendingId },
      cancel: { title: m.sharedMarking.cancel, verb: 'sharedMarking.cancel', pendingId },
    }),
  ];
}

export async function auditMarking(
  tx: Tx,
  context: ChatContext,
  request: ChatRequest,
  entry: { result: 'shown' | 'refused' | 'recorded' | 'cancelled'; cpr: string; shown?: string[]; detail?: Record<string, unknown>; action?: string },
): Promise<void> {
  const asker = await context.asker();
  await tx.audit.append({
    at: request.now,
    action: entry.action ?? 'shared.marking.request',
    purpose: MARKING_PURPOSE,
    result: entry.result,
    actorEmployeeId: asker?.id ?? null,
    actorAadObjectId: request.user.aadObjectId,
    actorAdministration: asker?.administration ?? null,
    citizenCpr: entry.cpr,
    asOf: copenhagenDate(request.now),
    ...(entry.shown ? { shown: entry.shown } : {}),
    ...(entry.detail ? { detail: entry.detail } : {}),
  });
}

export function sharedMarkingRoute(options: MarkingOptions): ChatRoute {
  return {
    name: 'shared-citizen-marking',
    matches: (request) => request.scope === 'personal' && MARKING_COMMAND.test(request.text.trim()),
    handle: (request, context) => requestMarking(request, context, options),
  };
}
