import type { WriteNotes } from '../store/commit-signal.js';
import type { Db } from '../store/open-database.js';

export type AnnouncementKind = 'message' | 'goal-status';
export type AnnouncementState = 'draft' | 'active' | 'cancelled' | 'withdrawn' | 'discarded';
export type Delivery = 'channels' | 'personal' | 'both';
export type AnnouncementSource = 'chat' | 'api' | 'system';

export type AnnouncementContent = { title: string; body: string; url: string | null };

export type Announcement = AnnouncementContent & {
  id: number;
  kind: AnnouncementKind;
  state: AnnouncementState;
  /** As validated by bot/announcements/announcement-schema.ts. */
  audience: unknown;
  delivery: Delivery;
  sendAt: string | null;
  recurrence: unknown;
  correctsId: number | null;
  source: AnnouncementSource;
  createdBy: string;
  senderConversationId: string | null;
  reportOutboxId: number | null;
  revision: number;
  /** When the current revision was recorded (the creation time for revision 1). */
  revisedAt: string;
  createdAt: string;
  endedAt: string | null;
};

export type NewAnnouncement = AnnouncementContent & {
  kind: AnnouncementKind;
  state: 'draft' | 'active';
  audience: unknown;
  delivery: Delivery;
  sendAt: string | null;
  recurrence: unknown;
  correctsId?: number | null;
  source: AnnouncementSource;
  createdBy: string;
  senderConversationId: string | null;
  now: Date;
};

export type AnnouncementSend = { id: number; announcementId: number; dueAt: string; state: 'scheduled' | 'fanned-out' | 'cancelled'; fannedOutAt: string | null };

export type NewRecipient = { sendId: number; kind: 'channel' | 'personal'; target: string; group: string; label: string; outboxId: number | null };

/** A recipient of a send with where its message is now. */
export type RecipientState = NewRecipient & { outboxState: string | null; lastError: string | null };

type AnnouncementRow = {
  announcement_id: number;
  kind: AnnouncementKind;
  state: AnnouncementState;
  audience: string;
  delivery: Delivery;
  send_at: string | null;
  recurrence: string | null;
  corrects_id: number | null;
  source: AnnouncementSource;
  created_by: string;
  sender_conversation_id: string | null;
  report_outbox_id: number | null;
  created_at: string;
  ended_at: string | null;
  revision: number;
  recorded_at: string;
  title: string;
  body: string;
  url: string | null;
};

type SendRow = { send_id: number; announcement_id: number; due_at: string; state: AnnouncementSend['state']; fanned_out_at: string | null };

/** Announcements, their revisions, sends, recipients and reads. Multi-row changes run in the caller's transaction. */
export class AnnouncementRepository {
  private readonly insert;
  private readonly insertRevision;
  private readonly byId;
  private readonly setState;
  private readonly end;
  private readonly latestRevision;
  private readonly insertSend;
  private readonly due;
  private readonly fannedOut;
  private readonly cancelSends;
  private readonly nextDue;
  private readonly nextOf;
  private readonly sendsOf;
  private readonly insertRecipient;
  private readonly recipientsOf;
  private readonly outboxOf;
  private readonly setReport;
  private readonly bumpReport;
  private readonly pendingUpdate;
  private readonly insertRead;
  private readonly reads;
  private readonly readTime;
  private readonly activeKind;
  private readonly postedInConversation;
  private readonly recent;

  constructor(
    private readonly db: Db,
    private readonly committed: WriteNotes,
  ) {
    this.insert = db.prepare(`
      INSERT INTO announcements (kind, state, audience, delivery, send_at, recurrence, corrects_id, source, created_by, sender_conversation_id, created_at)
      VALUES (@kind, @state, @audience, @delivery, @sendAt, @recurrence, @correctsId, @source, @createdBy, @senderConversationId, @now)`);
    this.insertRevision = db.prepare(`
      INSERT INTO announcement_revisions (announcement_id, revision, title, body, url, recorded_at, recorded_by)
      VALUES (@id, @revision, @title, @body, @url, @now, @by)`);
    this.byId = db.prepare<{ id: number }, AnnouncementRow>(`
      SELECT a.*, r.revision, r.recorded_at, r.title, r.body, r.url
        FROM announcements a
        JOIN announcement_revisions r ON r.announcement_id = a.announcement_id
       WHERE a.announcement_id = @id
       ORDER BY r.revision DESC LIMIT 1`);
    this.setState = db.prepare<{ id: number; from: AnnouncementState; to: AnnouncementState }>(
      'UPDATE announcements SET state = @to WHERE announcement_id = @id AND state = @from',
    );
    this.end = db.prepare<{ id: number; state: AnnouncementState; by: string; now: string }>(
      "UPDATE announcements SET state = @state, ended_at = @now, ended_by = @by WHERE announcement_id = @id AND state = 'active'",
    );
    this.latestRevision = db.prepare<{ id: number }, number>('SELECT max(revision) FROM announcement_revisions WHERE announcement_id = @id').pluck();
    this.insertSend = db.prepare<{ id: number; dueAt: string }>(
      "INSERT INTO announcement_sends (announcement_id, due_at, state) VALUES (@id, @dueAt, 'scheduled') ON CONFLICT DO NOTHING",
    );
    this.due = db.prepare<{ now: string }, SendRow>("SELECT * FROM announcement_sends WHERE state = 'scheduled' AND due_at <= @now ORDER BY due_at, send_id");
    this.fannedOut = db.prepare<{ sendId: number; now: string }>(
      "UPDATE announcement_sends SET state = 'fanned-out', fanned_out_at = @now WHERE send_id = @sendId AND state = 'scheduled'",
    );
    this.cancelSends = db.prepare<{ id: number }>("UPDATE announcement_sends SET state = 'cancelled' WHERE announcement_id = @id AND state = 'scheduled'");
    this.nextDue = db.prepare<[], string | null>("SELECT min(due_at) FROM announcement_sends WHERE state = 'scheduled'").pluck();
    this.nextOf = db.prepare<{ id: number }, string | null>("SELECT min(due_at) FROM announcement_sends WHERE announcement_id = @id AND state = 'scheduled'").pluck();
    this.sendsOf = db.prepare<{ id: number }, SendRow>('SELECT * FROM announcement_sends WHERE announcement_id = @id ORDER BY due_at, send_id');
    this.insertRecipient = db.prepare(`
      INSERT INTO announcement_recipients (send_id, kind, target, audience_group, label, outbox_id)
      VALUES (@sendId, @kind, @target, @group, @label, @outboxId)`);
    this.recipientsOf = db.prepare<{ sendId: number }, { send_id: number; kind: 'channel' | 'personal'; target: string; audience_group: string; label: string; outbox_id: number | null; outbox_state: string | null; last_error: string | null }>(`
      SELECT r.*, o.state AS outbox_state, o.last_error
        FROM announcement_recipients r LEFT JOIN outbox o ON o.id = r.outbox_id
       WHERE r.send_id = @sendId ORDER BY r.rowid`);
    this.outboxOf = db.prepare<{ id: number }, { id: number; state: string; conversationId: string }>(`
      SELECT o.id, o.state, o.conversation_id AS conversationId FROM announcement_sends s
        JOIN announcement_recipients r ON r.send_id = s.send_id
        JOIN outbox o ON o.id = r.outbox_id
       WHERE s.announcement_id = @id ORDER BY o.id`);
    this.setReport = db.prepare<{ id: number; outboxId: number }>('UPDATE announcements SET report_outbox_id = @outboxId WHERE announcement_id = @id');
    this.bumpReport = db.prepare<{ id: number }, number>('UPDATE announcements SET report_updates = report_updates + 1 WHERE announcement_id = @id RETURNING report_updates').pluck();
    this.pendingUpdate = db.prepare<{ target: number }, number>("SELECT 1 FROM outbox WHERE target_of = @target AND state = 'pending' LIMIT 1").pluck();
    this.insertRead = db.prepare<{ id: number; aad: string; now: string }>(
      'INSERT INTO announcement_reads (announcement_id, aad_object_id, read_at) VALUES (@id, @aad, @now) ON CONFLICT DO NOTHING',
    );
    this.reads = db.prepare<{ id: number }, number>('SELECT count(*) FROM announcement_reads WHERE announcement_id = @id').pluck();
    this.readTime = db.prepare<{ id: number; aad: string }, string>('SELECT read_at FROM announcement_reads WHERE announcement_id = @id AND aad_object_id = @aad').pluck();
    this.activeKind = db.prepare<{ kind: AnnouncementKind }, number>("SELECT announcement_id FROM announcements WHERE kind = @kind AND state = 'active' ORDER BY announcement_id").pluck();
    this.postedInConversation = db.prepare<{ id: number; conversationId: string }, number>(`
      SELECT 1 FROM announcement_sends s
        JOIN announcement_recipients r ON r.send_id = s.send_id
        JOIN outbox o ON o.id = r.outbox_id
       WHERE s.announcement_id = @id AND o.conversation_id = @conversationId AND o.state IN ('sending', 'sent') LIMIT 1`).pluck();
    this.recent = db.prepare<{ createdBy: string | null; since: string; limit: number }, number>(`
      SELECT a.announcement_id FROM announcements a
       WHERE a.state IN ('active', 'cancelled', 'withdrawn')
         AND (@createdBy IS NULL OR (a.source = 'chat' AND a.created_by = @createdBy))
         AND (EXISTS (SELECT 1 FROM announcement_sends s WHERE s.announcement_id = a.announcement_id AND s.state = 'scheduled')
              OR max(a.created_at, coalesce(a.ended_at, ''),
                     coalesce((SELECT max(s.fanned_out_at) FROM announcement_sends s WHERE s.announcement_id = a.announcement_id), '')) >= @since)
       ORDER BY a.announcement_id DESC LIMIT @limit`).pluck();
  }

  /** Creates the announcement with its first revision; returns its id. */
  create(announcement: NewAnnouncement): number {
    return this.db.transaction(() => {
      const id = Number(
        this.insert.run({
          kind: announcement.kind,
          state: announcement.state,
          audience: JSON.stringify(announcement.audience),
          delivery: announcement.delivery,
          sendAt: announcement.sendAt,
          recurrence: announcement.recurrence === null || announcement.recurrence === undefined ? null : JSON.stringify(announcement.recurrence),
          correctsId: announcement.correctsId ?? null,
          source: announcement.source,
          createdBy: announcement.createdBy,
          senderConversationId: announcement.senderConversationId,
          now: announcement.now.toISOString(),
        }).lastInsertRowid,
      );
      this.insertRevision.run({ id, revision: 1, title: announcement.title, body: announcement.body, url: announcement.url, now: announcement.now.toISOString(), by: announcement.createdBy });
      return id;
    })();
  }

  find(id: number): Announcement | null {
    const row = this.byId.get({ id });
    return row ? toAnnouncement(row) : null;
  }

  /** draft → active (or discarded); false when it was not a draft any more (pressed twice, or from two devices). */
  leaveDraft(id: number, to: 'active' | 'discarded'): boolean {
    return this.setState.run({ id, from: 'draft', to }).changes === 1;
  }

  /** active → cancelled or withdrawn; false when it was not active. */
  endActive(id: number, state: 'cancelled' | 'withdrawn', by: string, now: Date): boolean {
    return this.end.run({ id, state, by, now: now.toISOString() }).changes === 1;
  }

  /** Appends a corrected revision; returns its number. */
  revise(id: number, content: AnnouncementContent, by: string, now: Date): number {
    const revision = (this.latestRevision.get({ id }) ?? 0) + 1;
    this.insertRevision.run({ id, revision, title: content.title, body: content.body, url: content.url, now: now.toISOString(), by });
    return revision;
  }

  scheduleSend(id: number, dueAt: Date): void {
    this.insertSend.run({ id, dueAt: dueAt.toISOString() });
    this.committed.wrote('announcementSends');
  }

  dueSends(now: Date): AnnouncementSend[] {
    return this.due.all({ now: now.toISOString() }).map(toSend);
  }

  /** Claims a due send for fan-out; false when another pass got there first. */
  markFannedOut(sendId: number, now: Date): boolean {
    return this.fannedOut.run({ sendId, now: now.toISOString() }).changes === 1;
  }

  cancelScheduledSends(id: number): number {
    return this.cancelSends.run({ id }).changes;
  }

  nextDueAt(): Date | null {
    const at = this.nextDue.get() as string | null;
    return at ? new Date(at) : null;
  }

  nextSendOf(id: number): string | null {
    return (this.nextOf.get({ id }) as string | null) ?? null;
  }

  sends(id: number): AnnouncementSend[] {
    return this.sendsOf.all({ id }).map(toSend);
  }

  addRecipient(recipient: NewRecipient): void {
    this.insertRecipient.run(recipient);
  }

  recipients(sendId: number): RecipientState[] {
    return this.recipientsOf.all({ sendId }).map((row) => ({
      sendId: row.send_id,
      kind: row.kind,
      target: row.target,
      group: row.audience_group,
      label: row.label,
      outboxId: row.outbox_id,
      outboxState: row.outbox_state,
      lastError: row.last_error,
    }));
  }

  /** Every outbox post made for the announcement, over all its sends. */
  postedMessages(id: number): { id: number; state: string; conversationId: string }[] {
    return this.outboxOf.all({ id });
  }

  setReportOutbox(id: number, outboxId: number): void {
    this.setReport.run({ id, outboxId });
  }

  /** A fresh number for the next report update's dedupe key. */
  nextReportUpdate(id: number): number {
    return this.bumpReport.get({ id }) as number;
  }

  hasPendingUpdateOf(outboxId: number): boolean {
    return this.pendingUpdate.get({ target: outboxId }) !== undefined;
  }

  /** True the first time this person marks the announcement read. */
  markRead(id: number, aadObjectId: string, now: Date): boolean {
    return this.insertRead.run({ id, aad: aadObjectId, now: now.toISOString() }).changes === 1;
  }

  /** When this person marked the announcement read, or null. */
  readAt(id: number, aadObjectId: string): Date | null {
    const at = this.readTime.get({ id, aad: aadObjectId });
    return at === undefined ? null : new Date(at);
  }

  readCount(id: number): number {
    return this.reads.get({ id }) as number;
  }

  /** True when a card of the announcement was delivered (or is being delivered) in this conversation (a base id). */
  deliveredIn(id: number, conversationId: string): boolean {
    return this.postedInConversation.get({ id, conversationId }) !== undefined;
  }

  /**
   * Published announcements with a send still scheduled, or created, sent or ended since `since`, newest first:
   * everyone's (createdBy null), or those one employee wrote in chat.
   */
  recentIds(options: { createdBy: string | null; since: Date; limit: number }): number[] {
    return this.recent.all({ createdBy: options.createdBy, since: options.since.toISOString(), limit: options.limit }) as number[];
  }

  activeOfKind(kind: AnnouncementKind): number[] {
    return this.activeKind.all({ kind }) as number[];
  }
}

function toAnnouncement(row: AnnouncementRow): Announcement {
  return {
    id: row.announcement_id,
    kind: row.kind,
    state: row.state,
    audience: JSON.parse(row.audience),
    delivery: row.delivery,
    sendAt: row.send_at,
    recurrence: row.recurrence === null ? null : JSON.parse(row.recurrence),
    correctsId: row.corrects_id,
    source: row.source,
    createdBy: row.created_by,
    senderConversationId: row.sender_conversation_id,
    reportOutboxId: row.report_outbox_id,
    revision: row.revision,
    revisedAt: row.recorded_at,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    title: row.title,
    body: row.body,
    url: row.url,
  };
}

function toSend(row: SendRow): AnnouncementSend {
  return { id: row.send_id, announcementId: row.announcement_id, dueAt: row.due_at, state: row.state, fannedOutAt: row.fanned_out_at };
}
