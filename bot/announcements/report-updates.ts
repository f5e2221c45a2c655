import type { Tx } from '../../data/store/store.js';

/** Changes close together (a fan-out delivers many messages a second) are shown in one update of the report card. */
export const REPORT_COALESCE_MS = 1500;

/**
 * Queues an in-place update of the sender's report card, unless one is already waiting (it renders the state when it
 * is sent, so it will show this change too) or the report itself has not been posted yet.
 */
export async function refreshReport(store: Tx, announcementId: number, now: Date): Promise<void> {
  const announcement = await store.announcements.find(announcementId);
  if (!announcement?.reportOutboxId || !announcement.senderConversationId) return;
  const report = await store.outbox.find(announcement.reportOutboxId);
  if (!report || report.state === 'pending' || await store.announcements.hasPendingUpdateOf(report.id)) return;
  await store.outbox.enqueue({
    dedupeKey: `announcement:${announcementId}:report:${await store.announcements.nextReportUpdate(announcementId)}`,
    operation: 'update',
    conversationId: announcement.senderConversationId,
    targetOf: report.id,
    message: { kind: 'announcement-report', announcementId },
    purpose: 'announcement-report',
    now,
    notBefore: new Date(now.getTime() + REPORT_COALESCE_MS),
  });
}

/** Posts the report card to the sender the first time the announcement goes out. */
export async function postReport(store: Tx, announcementId: number, now: Date): Promise<void> {
  const announcement = await store.announcements.find(announcementId);
  if (!announcement?.senderConversationId) return;
  if (announcement.reportOutboxId) {
    await refreshReport(store, announcementId, now);
    return;
  }
  const outboxId = await store.outbox.enqueue({
    dedupeKey: `announcement:${announcementId}:report`,
    operation: 'post',
    conversationId: announcement.senderConversationId,
    message: { kind: 'announcement-report', announcementId },
    purpose: 'announcement-report',
    now,
  });
  if (outboxId !== null) await store.announcements.setReportOutbox(announcementId, outboxId);
}
