import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { card, text, type Reply } from '../chat/reply.js';
import { maskCpr } from '../cpr/mask-cpr.js';
import { copenhagenDate } from '../dates/iso-date.js';
import { messages, type Messages } from '../i18n/messages.js';
import { describeCprProblem } from '../lookup/describe-cpr-problem.js';
import { MARKING_COMMAND, parseMarkingCommand } from './parse-marking-command.js';
import { sharedStatusOn, type SharedStatus } from './shared-status.js';

export const MARKING_PURPOSE = 'shared_marking';
export const MAX_REASON_LENGTH = 500;
export const CONFIRMATION_MINUTES = 30;

export type PendingMarking = { cpr: string; shared: boolean; reason: string };

/**
 * A specialist asks to mark (or unmark) a citizen as shared. Nothing changes yet: the answer is a confirmation
 * card whose buttons carry only the id of the pending request.
 */
export function requestMarking(request: ChatRequest, context: ChatContext): Reply[] {
  const m = messages(request.locale);
  const command = parseMarkingCommand(request.text)!;
  const asker = context.asker();
  if (!asker) return [text(m.common.unknownUser)];
  if (!asker.roles.includes('specialist')) {
    if (command.kind === 'marking') auditMarking(context, request, { result: 'refused', cpr: command.cpr, detail: { reason: 'not-a-specialist' } });
    return [text(m.sharedMarking.onlySpecialists)];
  }
  if (command.kind === 'no-cpr') return [text(m.sharedMarking.reasonMissing(command.verb))];
  if (command.kind === 'bad-cpr') return [text(describeCprProblem(command.shown, command.problem, m))];
  if (command.reason === '') return [text(m.sharedMarking.reasonMissing(command.verb))];
  if (command.reason.length > MAX_REASON_LENGTH) return [text(m.sharedMarking.reasonTooLong(MAX_REASON_LENGTH))];

  const today = copenhagenDate(request.now);
  const name = context.store.citizens.nameOf(command.cpr, today);
  if (!name) {
    auditMarking(context, request, { result: 'refused', cpr: command.cpr, detail: { reason: 'unknown-citizen' } });
    return [text(m.sharedMarking.unknownCitizen(maskCpr(command.cpr)))];
  }
  const pending: PendingMarking = { cpr: command.cpr, shared: command.shared, reason: command.reason };
  const pendingId = context.store.pendingActions.create({ employeeId: asker.id, kind: 'shared-marking', payload: pending, now: request.now, ttlMinutes: CONFIRMATION_MINUTES });
  const status = sharedStatusOn(context.store, command.cpr, today);
  auditMarking(context, request, { result: 'shown', cpr: command.cpr, shown: ['citizen.name', 'citizen.cpr_masked', 'shared_status'], detail: { requested: command.shared ? 'mark' : 'unmark' } });
  return [
    card('shared-marking-confirm', {
      lang: request.locale,
      title: command.shared ? m.sharedMarking.confirmTitleMark : m.sharedMarking.confirmTitleUnmark,
      citizen: { name, maskedCpr: maskCpr(command.cpr) },
      facts: [
        { title: m.sharedMarking.currentStatus, value: describeStatus(status, m) },
        { title: m.sharedMarking.newStatus, value: m.sharedMarking.statusManual(command.shared ? m.sharedMarking.statusShared : m.sharedMarking.statusNotShared) },
        { title: m.sharedMarking.reason, value: command.reason },
      ],
      confirm: { title: m.sharedMarking.confirm, verb: 'sharedMarking.confirm', pendingId },
      cancel: { title: m.sharedMarking.cancel, verb: 'sharedMarking.cancel', pendingId },
    }),
  ];
}

export function describeStatus(status: SharedStatus, m: Messages): string {
  const label = status.shared ? m.sharedMarking.statusShared : m.sharedMarking.statusNotShared;
  return status.override ? m.sharedMarking.statusManual(label) : m.sharedMarking.statusDerived(label);
}

export function auditMarking(
  context: ChatContext,
  request: ChatRequest,
  entry: { result: 'shown' | 'refused' | 'recorded' | 'cancelled'; cpr: string; shown?: string[]; detail?: Record<string, unknown>; action?: string },
): void {
  const asker = context.asker();
  context.store.audit.append({
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

export const sharedMarkingRoute: ChatRoute = {
  name: 'shared-citizen-marking',
  matches: (request) => request.scope === 'personal' && MARKING_COMMAND.test(request.text.trim()),
  handle: requestMarking,
};
