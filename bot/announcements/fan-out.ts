import type { Announcement, AnnouncementSend } from '../../data/repositories/announcements.js';
import { BUSY_IN_A_ROW } from '../../data/sql/retry-while-busy.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import type { Store, Tx } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { ANNOUNCEMENT_PURPOSE } from './announcement-changes.js';
import { audienceSchema } from './announcement-schema.js';
import { auditAnnouncement, SYSTEM_ACTOR } from './audit-announcement.js';
import { postReport } from './report-updates.js';
import { resolveAudience } from './resolve-audience.js';
import { nextSendAfter } from './schedule.js';

/** What an announcement's outbox rows carry; rendered when sent, so a correction reaches messages still waiting. */
export type AnnouncementMessage = { kind: 'announcement'; announcementId: number } | { kind: 'announcement-report'; announcementId: number };

/** The message a send posts: the announcement, or for the monthly status post, the status of the month before. */
export type SendMessage = (announcement: Announcement, now: Date) => unknown;

const defaultMessage: SendMessage = (announcement) => ({ kind: 'announcement', announcementId: announcement.id });

/** `busy`: sends left for the next look because they were busy (another instance at the same send, or a lock). */
export type FanOutResult = { sends: number; messages: number; withoutConversation: number; busy: number };

/**
 * Turns every due send into outbox rows, one transaction per send: the audience is resolved on the day it goes out,
 * each recipient is recorded (with no outbox row when there is no conversation to post in), the next occurrence of
 * a recurring announcement is scheduled and the sender's report is posted or refreshed. The delivery worker does
 * the rest, paced and retried like every other message. Each send is fanned out once, also by several instances at
 * the same moment (markFannedOut decides); one that is busy is left for the next look and the others go on, unless
 * BUSY_IN_A_ROW were.
 */
export async function fanOutDueSends(store: Store, now: Date, messageFor: Partial<Record<Announcement['kind'], SendMessage>> = {}): Promise<FanOutResult> {
  const result: FanOutResult = { sends: 0, messages: 0, withoutConversation: 0, busy: 0 };
  let inARow = 0;
  for (const send of await store.announcements.dueSends(now)) {
    let done: Awaited<ReturnType<typeof fanOut>>;
    try {
      done = await store.transaction(async (tx) => fanOut(tx, send, now, messageFor));
    } catch (error) {
      if (!isBusyError(error)) throw error;
      result.busy += 1;
      if (++inARow >= BUSY_IN_A_ROW) break;
      continue;
    }
    inARow = 0;
    if (!done) continue;
    result.sends += 1;
    result.messages += done.messages;
    result.withoutConversation += done.withoutConversation;
  }
  return result;
}

async function fanOut(store: Tx, send: AnnouncementSend, now: Date, messageFor: Partial<Record<Announcement['kind'], SendMessage>>): Promise<{ messages: number; withoutConversation: number } | null> {
  if (!await store.announcements.markFannedOut(send.id, now)) return null;
  const announcement = await store.announcements.find(send.announcementId);
  if (announcement?.state !== 'active') return null;
  const message = (messageFor[announcement.kind] ?? defaultMessage)(announcement, now);
  const resolved = await resolveAudience(store, audienceSchema.parse(announcement.audience), announcement.delivery, copenhagenDate(now));
  let messages = 0;
  let withoutConversation = 0;
  for (const recipient of resolved.recipients) {
    const outboxId = recipient.conversationId
      ? await store.outbox.enqueue({
          dedupeKey: `announcement-send:${send.id}:${recipient.kind}:${recipient.target}`,
          operation: 'post',
          conversationId: recipient.conversationId,
          message,
          purpose: ANNOUNCEMENT_PURPOSE,
          now,
        })
      : null;
    if (outboxId === null) withoutConversation += 1;
    else messages += 1;
    await store.announcements.addRecipient({ sendId: send.id, kind: recipient.kind, target: recipient.target, group: recipient.group, label: recipient.label, outboxId });
  }
  const next = nextSendAfter(announcement, new Date(send.dueAt), now);
  if (next) await store.announcements.scheduleSend(announcement.id, next);
  await postReport(store, announcement.id, now);
  await auditAnnouncement(store, announcement.id, 'announcement.sent', SYSTEM_ACTOR, now, { sendId: send.id, dueAt: send.dueAt, messages, withoutConversation, unknownUnits: resolved.unknownUnits, next: next?.toISOString() ?? null });
  return { messages, withoutConversation };
}
