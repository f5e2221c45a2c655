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
export async function saveAnnouncement(store: Store, input: AnnouncementInput, origin: Origin & { state: 'draft' | 'active'; correctsId?: number }, now: Date): Promise<number> {
  return store.transaction(async (tx) => {
    const id = await tx.announcements.create({
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
    if (origin.state === 'active') await scheduleFirstSend(tx, id, now);
    await auditAnnouncement(tx, id, origin.state === 'active' ? 'announcement.published' : 'announcement.drafted', origin.actor, now, { correctsId: origin.correctsId ?? null });
    return id;
  });
}

async function scheduleFirstSend(store: Tx, id: number, now: Date): Promise<void> {
  const at = firstSendAt((await store.announcements.find(id))!, now);
  if (at) await store.announcements.scheduleSend(id, at);
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
export async function sendDraft(store: Store, draftId: number, actor: AnnouncementActor, now: Date): Promise<DraftOutcome> {
  return store.transaction(async (tx): Promise<DraftOutcome> => {
    const draft = await tx.announcements.find(draftId);
    if (!draft || draft.state !== 'draft') return { outcome: 'not-a-draft' };
    if (draft.correctsId === null) {
      await tx.announcements.leaveDraft(draftId, 'active');
      await scheduleFirstSend(tx, draftId, now);
      await postReport(tx, draftId, now);
      await auditAnnouncement(tx, draftId, 'announcement.published', actor, now);
      return { outcome: 'scheduled', announcementId: draftId };
    }
    await tx.announcements.leaveDraft(draftId, 'discarded');
    const corrected = await correctIn(tx, draft.correctsId, draft, actor, now);
    return corrected === null ? { outcome: 'target-ended', announcementId: draft.correctsId } : { outcome: 'corrected', announcementId: draft.correctsId, updates: corrected };
  });
}

/** "Annullér" on a preview: the draft is dropped. */
export async function discardDraft(store: Store, draftId: number): Promise<boolean> {
  return store.announcements.leaveDraft(draftId, 'discarded');
}

/**
 * Stops what has not gone out: scheduled sends and messages still waiting in the outbox. What was delivered stays.
 * Returns the number of waiting messages stopped, or null when the announcement was not active.
 */
export async function cancelAnnouncement(store: Store, id: number, actor: AnnouncementActor, now: Date): Promise<number | null> {
  return store.transaction(async (tx) => {
    if (!await tx.announcements.endActive(id, 'cancelled', actor.id, now)) return null;
    const stopped = await stopWaiting(tx, id);
    await refreshReport(tx, id, now);
    await auditAnnouncement(tx, id, 'announcement.cancelled', actor, now, { stopped });
    return stopped;
  });
}

/** Cancels what is waiting and deletes every delivered card. Returns the number of deletes queued, or null when not active. */
export async function withdrawAnnouncement(store: Store, id: number, actor: AnnouncementActor, now: Date): Promise<number | null> {
  return store.transaction(async (tx) => {
    if (!await tx.announcements.endActive(id, 'withdrawn', actor.id, now)) return null;
    const stopped = await stopWaiting(tx, id);
    const deletes = await changeDelivered(tx, id, 'delete', 'withdraw', now);
    await refreshReport(tx, id, now);
    await auditAnnouncement(tx, id, 'announcement.withdrawn', actor, now, { stopped, deletes });
    return deletes;
  });
}

/**
 * A new revision; every card already delivered is updated in place (waiting ones render the new text when sent).
 * Returns the number of updates queued, or null when the announcement is not active.
 */
export async function correctAnnouncement(store: Store, id: number, content: AnnouncementContent, actor: AnnouncementActor, now: Date): Promise<number | null> {
  return store.transaction(async (tx) => correctIn(tx, id, content, actor, now));
}

async function correctIn(tx: Tx, id: number, content: AnnouncementContent, actor: AnnouncementActor, now: Date): Promise<number | null> {
  const announcement = await tx.announcements.find(id);
  if (announcement?.state !== 'active') return null;
  const revision = await tx.announcements.revise(id, content, actor.id, now);
  const updates = await changeDelivered(tx, id, 'update', `revision:${revision}`, now);
  await refreshReport(tx, id, now);
  await auditAnnouncement(tx, id, 'announcement.corrected', actor, now, { revision, updates });
  return updates;
}

/** Queues an update or delete of every card of the announcement that was delivered (or is being sent); returns how many. */
async function changeDelivered(store: Tx, id: number, operation: 'update' | 'delete', change: string, now: Date): Promise<number> {
  let queued = 0;
  for (const posted of await store.announcements.postedMessages(id)) {
    if (posted.state !== 'sent' && posted.state !== 'sending') continue;
    const row = await store.outbox.enqueue({
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
async function stopWaiting(store: Tx, id: number): Promise<number> {
  await store.announcements.cancelScheduledSends(id);
  let stopped = 0;
  for (const posted of await store.announcements.postedMessages(id)) {
    if (posted.state !== 'pending') continue;
    await store.outbox.finish(posted.id, 'cancelled', 'the announcement was cancelled');
    stopped += 1;
  }
  return stopped;
}

/**
 * "Læst": counted once per person, and only from a conversation the announcement was delivered to (so a forged or
 * copied button cannot inflate the count); the report shows the count only.
 */
export async function markAnnouncementRead(store: Store, id: number, aadObjectId: string, conversationId: string | null, now: Date): Promise<'counted' | 'already' | 'gone' | 'not-here'> {
  return store.transaction(async (tx) => {
    if (!conversationId || !await tx.announcements.deliveredIn(id, baseConversationId(conversationId))) return 'not-here';
    const announcement = await tx.announcements.find(id);
    if (!announcement || announcement.state === 'withdrawn' || announcement.state === 'draft' || announcement.state === 'discarded') return 'gone';
    if (!await tx.announcements.markRead(id, aadObjectId, now)) return 'already';
    await refreshReport(tx, id, now);
    return 'counted';
  });
}
