import type { AnnouncementContent, AnnouncementSource } from '../../data/repositories/announcements.js';
import { baseConversationId } from '../../data/repositories/conversations.js';
import type { Store, Tx } from '../../data/store/store.js';
import type { AnnouncementInput } from './announcement-schema.js';
import { auditAnnouncement, type AnnouncementActor } from './audit-announcement.js';
import { postReport, refreshReport } from './report-updates.js';
import { firstSendAt } from './schedule.js';

export const ANNOUNCEMENT_PURPOSE = 'announcement';

export type Origin = { source: AnnouncementSource; actor: AnnouncementActor; senderConversationId: string | null };

/** The stored content of an input. */
export function contentOf(input: Pick<AnnouncementInput, 'title' | 'text' | 'url'>): AnnouncementContent {
  return { title: input.title, body: input.text, url: input.url ?? null };
}

/** Saves an announcement (checked by checkAnnouncement first) as a draft, or publishes it at once with its first send scheduled. */
export function saveAnnouncement(store: Store, input: AnnouncementInput, origin: Origin & { state: 'draft' | 'active'; correctsId?: number }, now: Date): number {
  return store.transaction((tx) => {
    const id = tx.announcements.create({
      kind: 'message',
      state: origin.state,
      ...contentOf(input),
      audience: input.audience,
      delivery: input.delivery,
      sendAt: input.send_at ? new Date(input.send_at).toISOString() : null,
      recurrence: input.recurrence ?? null,
      correctsId: origin.correctsId ?? null,
      source: origin.source,
      createdBy: origin.actor.id,
      senderConversationId: origin.senderConversationId,
      now,
    });
    if (origin.state === 'active') scheduleFirstSend(tx, id, now);
    auditAnnouncement(tx, id, origin.state === 'active' ? 'announcement.published' : 'announcement.drafted', origin.actor, now, { correctsId: origin.correctsId ?? null });
    return id;
  });
}

function scheduleFirstSend(store: Tx, id: number, now: Date): void {
  const at = firstSendAt(store.announcements.find(id)!, now);
  if (at) store.announcements.scheduleSend(id, at);
}

export type DraftOutcome =
  | { outcome: 'scheduled'; announcementId: number }
  | { outcome: 'corrected'; announcementId: number; updates: number }
  | { outcome: 'not-a-draft' }
  | { outcome: 'target-ended'; announcementId: number };

/**
 * "Send" on a preview: the draft becomes the announcement (its first send scheduled), or, for a correction, its
 * content becomes a new revision of the announcement it corrects. A second press finds no draft and changes nothing.
 */
export function sendDraft(store: Store, draftId: number, actor: AnnouncementActor, now: Date): DraftOutcome {
  return store.transaction((tx): DraftOutcome => {
    const draft = tx.announcements.find(draftId);
    if (!draft || draft.state !== 'draft') return { outcome: 'not-a-draft' };
    if (draft.correctsId === null) {
      tx.announcements.leaveDraft(draftId, 'active');
      scheduleFirstSend(tx, draftId, now);
      postReport(tx, draftId, now);
      auditAnnouncement(tx, draftId, 'announcement.published', actor, now);
      return { outcome: 'scheduled', announcementId: draftId };
    }
    tx.announcements.leaveDraft(draftId, 'discarded');
    const corrected = correctIn(tx, draft.correctsId, draft, actor, now);
    return corrected === null ? { outcome: 'target-ended', announcementId: draft.correctsId } : { outcome: 'corrected', announcementId: draft.correctsId, updates: corrected };
  });
}

/** "Annullér" on a preview: the draft is dropped. */
export function discardDraft(store: Store, draftId: number): boolean {
  return store.announcements.leaveDraft(draftId, 'discarded');
}

/**
 * Stops what has not gone out: scheduled sends and messages still waiting in the outbox. What was delivered stays.
 * Returns the number of waiting messages stopped, or null when the announcement was not active.
 */
export function cancelAnnouncement(store: Store, id: number, actor: AnnouncementActor, now: Date): number | null {
  return store.transaction((tx) => {
    if (!tx.announcements.endActive(id, 'cancelled', actor.id, now)) return null;
    const stopped = stopWaiting(tx, id);
    refreshReport(tx, id, now);
    auditAnnouncement(tx, id, 'announcement.cancelled', actor, now, { stopped });
    return stopped;
  });
}

/** Cancels what is waiting and deletes every delivered card. Returns the number of deletes queued, or null when not active. */
export function withdrawAnnouncement(store: Store, id: number, actor: AnnouncementActor, now: Date): number | null {
  return store.transaction((tx) => {
    if (!tx.announcements.endActive(id, 'withdrawn', actor.id, now)) return null;
    const stopped = stopWaiting(tx, id);
    const deletes = changeDelivered(tx, id, 'delete', 'withdraw', now);
    refreshReport(tx, id, now);
    auditAnnouncement(tx, id, 'announcement.withdrawn', actor, now, { stopped, deletes });
    return deletes;
  });
}

/**
 * A new revision; every card already delivered is updated in place (waiting ones render the new text when sent).
 * Returns the number of updates queued, or null when the announcement is not active.
 */
export function correctAnnouncement(store: Store, id: number, content: AnnouncementContent, actor: AnnouncementActor, now: Date): number | null {
  return store.transaction((tx) => correctIn(tx, id, content, actor, now));
}

function correctIn(tx: Tx, id: number, content: AnnouncementContent, actor: AnnouncementActor, now: Date): number | null {
  const announcement = tx.announcements.find(id);
  if (announcement?.state !== 'active') return null;
  const revision = tx.announcements.revise(id, content, actor.id, now);
  const updates = changeDelivered(tx, id, 'update', `revision:${revision}`, now);
  refreshReport(tx, id, now);
  auditAnnouncement(tx, id, 'announcement.corrected', actor, now, { revision, updates });
  return updates;
}

/** Queues an update or delete of every card of the announcement that was delivered (or is being sent); returns how many. */
function changeDelivered(store: Tx, id: number, operation: 'update' | 'delete', change: string, now: Date): number {
  let queued = 0;
  for (const posted of store.announcements.postedMessages(id)) {
    if (posted.state !== 'sent' && posted.state !== 'sending') continue;
    const row = store.outbox.enqueue({
      dedupeKey: `announcement:${id}:${change}:${posted.id}`,
      operation,
      conversationId: posted.conversationId,
      targetOf: posted.id,
      message: { kind: 'announcement', announcementId: id },
      purpose: ANNOUNCEMENT_PURPOSE,
      now,
    });
    if (row !== null) queued += 1;
  }
  return queued;
}

/** Scheduled sends are cancelled and waiting posts stopped (a send already in flight is left to finish). */
function stopWaiting(store: Tx, id: number): number {
  store.announcements.cancelScheduledSends(id);
  let stopped = 0;
  for (const posted of store.announcements.postedMessages(id)) {
    if (posted.state !== 'pending') continue;
    store.outbox.finish(posted.id, 'cancelled', 'the announcement was cancelled');
    stopped += 1;
  }
  return stopped;
}

/**
 * "Læst": counted once per person, and only from a conversation the announcement was delivered to (so a forged or
 * copied button cannot inflate the count); the report shows the count only.
 */
export function markAnnouncementRead(store: Store, id: number, aadObjectId: string, conversationId: string | null, now: Date): 'counted' | 'already' | 'gone' | 'not-here' {
  return store.transaction((tx) => {
    if (!conversationId || !tx.announcements.deliveredIn(id, baseConversationId(conversationId))) return 'not-here';
    const announcement = tx.announcements.find(id);
    if (!announcement || announcement.state === 'withdrawn' || announcement.state === 'draft' || announcement.state === 'discarded') return 'gone';
    if (!tx.announcements.markRead(id, aadObjectId, now)) return 'already';
    refreshReport(tx, id, now);
    return 'counted';
  });
}
