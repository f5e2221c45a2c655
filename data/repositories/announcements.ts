import type { Sql } from '../sql/sql.js';
import type { WriteNotes } from '../sql/commit-signal.js';

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

type RecipientRow = { send_id: number; kind: 'channel' | 'personal'; target: string; audience_group: string; label: string; outbox_id: number | null; outbox_state: string | null; last_error: string | null };

const INSERT = `
  INSERT INTO announcements (kind, state, audience, delivery, send_at, recurrence, corrects_id, source, created_by, sender_conversation_id, created_at)
  VALUES (@kind, @state, @audience, @delivery, @sendAt, @recurrence, @correctsId, @source, @createdBy, @senderConversationId, @now)
  RETURNING announcement_id`;
const INSERT_REVISION = `
  INSERT INTO announcement_revisions (announcement_id, revision, title, body, url, recorded_at, recorded_by)
  VALUES (@id, @revision, @title, @body, @url, @now, @by)`;
const BY_ID = `
  SELECT a.*, r.revision, r.recorded_at, r.title, r.body, r.url
    FROM announcements a
    JOIN announcement_revisions r ON r.announcement_id = a.announcement_id
   WHERE a.announcement_id = @id
   ORDER BY r.revision DESC LIMIT 1`;
const SET_STATE = 'UPDATE announcements SET state = @to WHERE announcement_id = @id AND state = @from';
const END_ACTIVE = "UPDATE announcements SET state = @state, ended_at = @now, ended_by = @by WHERE announcement_id = @id AND state = 'active'";
const LATEST_REVISION = 'SELECT max(revision) AS latest FROM announcement_revisions WHERE announcement_id = @id';
const INSERT_SEND = "INSERT INTO announcement_sends (announcement_id, due_at, state) VALUES (@id, @dueAt, 'scheduled') ON CONFLICT DO NOTHING";
const DUE = "SELECT * FROM announcement_sends WHERE state = 'scheduled' AND due_at <= @now ORDER BY due_at, send_id";
const FANNED_OUT = "UPDATE announcement_sends SET state = 'fanned-out', fanned_out_at = @now WHERE send_id = @sendId AND state = 'scheduled'";
const CANCEL_SENDS = "UPDATE announcement_sends SET state = 'cancelled' WHERE announcement_id = @id AND state = 'scheduled'";
const NEXT_DUE = "SELECT min(due_at) AS due_at FROM announcement_sends WHERE state = 'scheduled'";
const NEXT_OF = "SELECT min(due_at) AS due_at FROM announcement_sends WHERE announcement_id = @id AND state = 'scheduled'";
const SENDS_OF = 'SELECT * FROM announcement_sends WHERE announcement_id = @id ORDER BY due_at, send_id';
const INSERT_RECIPIENT = `
  INSERT INTO announcement_recipients (send_id, kind, target, audience_group, label, outbox_id)
  VALUES (@sendId, @kind, @target, @group, @label, @outboxId)`;
/**
 * In the order they were recorded (the audience's groups in the order the sender named them, a unit's channels
 * before its people), which the report's groups and lists follow; the primary key's order (kind, target) is not
 * that. `rowid` is SQLite's implicit insertion order and, on PostgreSQL, an identity column of that name (baseline).
 */
const RECIPIENTS_OF = `
  SELECT r.send_id, r.kind, r.target, r.audience_group, r.label, r.outbox_id, o.state AS outbox_state, o.last_error
    FROM announcement_recipients r LEFT JOIN outbox o ON o.id = r.outbox_id
   WHERE r.send_id = @sendId ORDER BY r.rowid`;
const POSTED_MESSAGES = `
  SELECT o.id, o.state, o.conversation_id AS "conversationId" FROM announcement_sends s
    JOIN announcement_recipients r ON r.send_id = s.send_id
    JOIN outbox o ON o.id = r.outbox_id
   WHERE s.announcement_id = @id ORDER BY o.id`;
const SET_REPORT = 'UPDATE announcements SET report_outbox_id = @outboxId WHERE announcement_id = @id';
const BUMP_REPORT = 'UPDATE announcements SET report_updates = report_updates + 1 WHERE announcement_id = @id RETURNING report_updates';
const PENDING_UPDATE = "SELECT 1 AS found FROM outbox WHERE target_of = @target AND state = 'pending' LIMIT 1";
const INSERT_READ = 'INSERT INTO announcement_reads (announcement_id, aad_object_id, read_at) VALUES (@id, @aad, @now) ON CONFLICT DO NOTHING';
const READ_COUNT = 'SELECT count(*) AS reads FROM announcement_reads WHERE announcement_id = @id';
const READ_AT = 'SELECT read_at FROM announcement_reads WHERE announcement_id = @id AND aad_object_id = @aad';
const ACTIVE_OF_KIND = "SELECT announcement_id FROM announcements WHERE kind = @kind AND state = 'active' ORDER BY announcement_id";
const DELIVERED_IN = `
  SELECT 1 AS found FROM announcement_sends s
    JOIN announcement_recipients r ON r.send_id = s.send_id
    JOIN outbox o ON o.id = r.outbox_id
   WHERE s.announcement_id = @id AND o.conversation_id = @conversationId AND o.state IN ('sending', 'sent') LIMIT 1`;
/**
 * "Created, sent or ended since": any of the three times at or after @since (SQLite's max(a, b, c) >= @since, said in
 * SQL both engines speak). The CAST: PostgreSQL cannot type a parameter whose first use is `IS NULL`.
 */
const RECENT = `
  SELECT a.announcement_id FROM announcements a
   WHERE a.state IN ('active', 'cancelled', 'withdrawn')
     AND (CAST(@createdBy AS TEXT) IS NULL OR (a.source = 'chat' AND a.created_by = @createdBy))
     AND (EXISTS (SELECT 1 FROM announcement_sends s WHERE s.announcement_id = a.announcement_id AND s.state = 'scheduled')
          OR a.created_at >= @since
          OR a.ended_at >= @since
          OR EXISTS (SELECT 1 FROM announcement_sends s WHERE s.announcement_id = a.announcement_id AND s.fanned_out_at >= @since))
   ORDER BY a.announcement_id DESC LIMIT @limit`;

/** Announcements, their revisions, sends, recipients and reads. Multi-row changes run in the caller's transaction. */
export class AnnouncementRepository {
  constructor(
    private readonly sql: Sql,
    private readonly committed: WriteNotes,
  ) {}

  /** Creates the announcement with its first revision; returns its id. */
  async create(announcement: NewAnnouncement): Promise<number> {
    return this.sql.atomic(async (sql) => {
      const { announcement_id: id } = (await sql.get<{ announcement_id: number }>(INSERT, {
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
      }))!;
      const revision = { id, revision: 1, title: announcement.title, body: announcement.body, url: announcement.url, now: announcement.now.toISOString(), by: announcement.createdBy };
      await sql.run(INSERT_REVISION, revision);
      return id;
    });
  }

  async find(id: number): Promise<Announcement | null> {
    const row = await this.sql.get<AnnouncementRow>(BY_ID, { id });
    return row ? toAnnouncement(row) : null;
  }

  /** draft → active (or discarded); false when it was not a draft any more (pressed twice, or from two devices). */
  async leaveDraft(id: number, to: 'active' | 'discarded'): Promise<boolean> {
    return (await this.sql.run(SET_STATE, { id, from: 'draft', to })).changes === 1;
  }

  /** active → cancelled or withdrawn; false when it was not active. */
  async endActive(id: number, state: 'cancelled' | 'withdrawn', by: string, now: Date): Promise<boolean> {
    return (await this.sql.run(END_ACTIVE, { id, state, by, now: now.toISOString() })).changes === 1;
  }

  /** Appends a corrected revision; returns its number. */
  async revise(id: number, content: AnnouncementContent, by: string, now: Date): Promise<number> {
    const revision = ((await this.sql.get<{ latest: number | null }>(LATEST_REVISION, { id }))?.latest ?? 0) + 1;
    await this.sql.run(INSERT_REVISION, { id, revision, title: content.title, body: content.body, url: content.url, now: now.toISOString(), by });
    return revision;
  }

  async scheduleSend(id: number, dueAt: Date): Promise<void> {
    await this.sql.run(INSERT_SEND, { id, dueAt: dueAt.toISOString() });
    this.committed.wrote('announcementSends');
  }

  async dueSends(now: Date): Promise<AnnouncementSend[]> {
    return (await this.sql.all<SendRow>(DUE, { now: now.toISOString() })).map(toSend);
  }

  /** Claims a due send for fan-out; false when another pass got there first. */
  async markFannedOut(sendId: number, now: Date): Promise<boolean> {
    return (await this.sql.run(FANNED_OUT, { sendId, now: now.toISOString() })).changes === 1;
  }

  async cancelScheduledSends(id: number): Promise<number> {
    return (await this.sql.run(CANCEL_SENDS, { id })).changes;
  }

  async nextDueAt(): Promise<Date | null> {
    const at = (await this.sql.get<{ due_at: string | null }>(NEXT_DUE))?.due_at;
    return at ? new Date(at) : null;
  }

  async nextSendOf(id: number): Promise<string | null> {
    return (await this.sql.get<{ due_at: string | null }>(NEXT_OF, { id }))?.due_at ?? null;
  }

  async sends(id: number): Promise<AnnouncementSend[]> {
    return (await this.sql.all<SendRow>(SENDS_OF, { id })).map(toSend);
  }

  async addRecipient(recipient: NewRecipient): Promise<void> {
    const { sendId, kind, target, group, label, outboxId } = recipient;
    await this.sql.run(INSERT_RECIPIENT, { sendId, kind, target, group, label, outboxId });
  }

  async recipients(sendId: number): Promise<RecipientState[]> {
    return (await this.sql.all<RecipientRow>(RECIPIENTS_OF, { sendId })).map((row) => ({
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
  async postedMessages(id: number): Promise<{ id: number; state: string; conversationId: string }[]> {
    return this.sql.all(POSTED_MESSAGES, { id });
  }

  async setReportOutbox(id: number, outboxId: number): Promise<void> {
    await this.sql.run(SET_REPORT, { id, outboxId });
  }

  /** A fresh number for the next report update's dedupe key. */
  async nextReportUpdate(id: number): Promise<number> {
    return (await this.sql.get<{ report_updates: number }>(BUMP_REPORT, { id }))!.report_updates;
  }

  async hasPendingUpdateOf(outboxId: number): Promise<boolean> {
    return (await this.sql.get(PENDING_UPDATE, { target: outboxId })) !== undefined;
  }

  /** True the first time this person marks the announcement read. */
  async markRead(id: number, aadObjectId: string, now: Date): Promise<boolean> {
    return (await this.sql.run(INSERT_READ, { id, aad: aadObjectId, now: now.toISOString() })).changes === 1;
  }

  /** When this person marked the announcement read, or null. */
  async readAt(id: number, aadObjectId: string): Promise<Date | null> {
    const row = await this.sql.get<{ read_at: string }>(READ_AT, { id, aad: aadObjectId });
    return row === undefined ? null : new Date(row.read_at);
  }

  async readCount(id: number): Promise<number> {
    return (await this.sql.get<{ reads: number }>(READ_COUNT, { id }))!.reads;
  }

  /** True when a card of the announcement was delivered (or is being delivered) in this conversation (a base id). */
  async deliveredIn(id: number, conversationId: string): Promise<boolean> {
    return (await this.sql.get(DELIVERED_IN, { id, conversationId })) !== undefined;
  }

  /**
   * Published announcements with a send still scheduled, or created, sent or ended since `since`, newest first:
   * everyone's (createdBy null), or those one employee wrote in chat.
   */
  async recentIds(options: { createdBy: string | null; since: Date; limit: number }): Promise<number[]> {
    const rows = await this.sql.all<{ announcement_id: number }>(RECENT, { createdBy: options.createdBy, since: options.since.toISOString(), limit: options.limit });
    return rows.map((row) => row.announcement_id);
  }

  async activeOfKind(kind: AnnouncementKind): Promise<number[]> {
    return (await this.sql.all<{ announcement_id: number }>(ACTIVE_OF_KIND, { kind })).map((row) => row.announcement_id);
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
