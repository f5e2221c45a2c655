import type { WriteNotes } from '../store/commit-signal.js';
import type { Db } from '../store/open-database.js';

export type OutboxOperation = 'post' | 'reply' | 'update' | 'delete';
export type OutboxState = 'pending' | 'sending' | 'sent' | 'dead' | 'failed' | 'cancelled';

export type OutboxRow = {
  id: number;
  dedupeKey: string;
  operation: OutboxOperation;
  conversationId: string;
  /** For a reply: the outbox row of the thread's first message (its activity id is known once it is sent). */
  threadOf: number | null;
  /** For an update or delete: the outbox row of the message to change. */
  targetOf: number | null;
  /** What to send, as the capability that enqueued it described it (rendered when sent, so it is current). */
  message: unknown;
  alertId: number | null;
  purpose: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  redrivenAt: string | null;
  sentAt: string | null;
  activityId: string | null;
  uncertain: boolean;
  lastError: string | null;
};

export type NewOutboxRow = {
  dedupeKey: string;
  operation: OutboxOperation;
  conversationId: string;
  threadOf?: number | null;
  targetOf?: number | null;
  message: unknown;
  alertId?: number | null;
  purpose: string;
  now: Date;
  notBefore?: Date;
};

type Row = {
  id: number;
  dedupe_key: string;
  operation: OutboxOperation;
  conversation_id: string;
  thread_of: number | null;
  target_of: number | null;
  message: string;
  alert_id: number | null;
  purpose: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  redriven_at: string | null;
  sent_at: string | null;
  activity_id: string | null;
  uncertain: number;
  last_error: string | null;
};

/**
 * The transactional outbox: capabilities enqueue in the same transaction as the fact that causes the message, and
 * the delivery worker moves each row pending → sending → sent (or back to pending with a later attempt time, or to
 * dead/failed). The dedupe key makes every enqueue idempotent.
 */
export class OutboxRepository {
  private readonly insert;
  private readonly byId;
  private readonly dueHeadRows;
  private readonly retarget;
  private readonly nextDue;
  private readonly start;
  private readonly sent;
  private readonly later;
  private readonly settle;
  private readonly interrupted;
  private readonly recover;
  private readonly deadRows;
  private readonly redriveOne;
  private readonly redriveAll;
  private readonly postsOfAlert;
  private readonly stateCounts;
  private readonly pendingAlerts;
  private readonly waitingPosts;
  private readonly db: Db;

  constructor(
    db: Db,
    private readonly committed: WriteNotes,
  ) {
    this.db = db;
    this.insert = db.prepare(`
      INSERT INTO outbox (dedupe_key, operation, conversation_id, thread_of, target_of, message, alert_id, purpose, next_attempt_at, created_at)
      VALUES (@dedupeKey, @operation, @conversationId, @threadOf, @targetOf, @message, @alertId, @purpose, @notBefore, @now)
      ON CONFLICT (dedupe_key) DO NOTHING`);
    this.byId = db.prepare<{ id: number }, Row>('SELECT * FROM outbox WHERE id = @id');
    this.dueHeadRows = db.prepare<{ now: string }, { conversation_id: string; id: number }>(
      "SELECT conversation_id, min(id) AS id FROM outbox WHERE state = 'pending' AND next_attempt_at <= @now GROUP BY conversation_id ORDER BY id",
    );
    this.retarget = db.prepare<{ id: number; conversationId: string }>(
      "UPDATE outbox SET conversation_id = @conversationId WHERE id = @id AND state IN ('pending', 'dead')",
    );
    this.nextDue = db.prepare<[], string | null>("SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'").pluck();
    this.start = db.prepare<{ id: number; now: string }>(
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, attempt_started_at = @now WHERE id = @id AND state = 'pending'",
    );
    this.sent = db.prepare<{ id: number; activityId: string | null; now: string }>(
      "UPDATE outbox SET state = 'sent', activity_id = coalesce(@activityId, activity_id), sent_at = @now, last_error = NULL WHERE id = @id AND state = 'sending'",
    );
    this.later = db.prepare<{ id: number; at: string; error: string | null }>(
      "UPDATE outbox SET state = 'pending', next_attempt_at = @at, last_error = coalesce(@error, last_error) WHERE id = @id AND state IN ('sending', 'pending')",
    );
    this.settle = db.prepare<{ id: number; state: OutboxState; error: string | null }>(
      "UPDATE outbox SET state = @state, last_error = @error WHERE id = @id AND state IN ('sending', 'pending')",
    );
    this.interrupted = db.prepare<[], Row>("SELECT * FROM outbox WHERE state = 'sending' ORDER BY id");
    this.recover = db.prepare<{ id: number; now: string }>(
      "UPDATE outbox SET state = 'pending', uncertain = 1, next_attempt_at = @now WHERE id = @id AND state = 'sending'",
    );
    this.deadRows = db.prepare<{ limit: number }, Row>("SELECT * FROM outbox WHERE state = 'dead' ORDER BY id LIMIT @limit");
    this.redriveOne = db.prepare<{ id: number; now: string }>(
      "UPDATE outbox SET state = 'pending', attempts = 0, redriven_at = @now, next_attempt_at = @now WHERE id = @id AND state = 'dead'",
    );
    this.redriveAll = db.prepare<{ now: string }>(
      "UPDATE outbox SET state = 'pending', attempts = 0, redriven_at = @now, next_attempt_at = @now WHERE state = 'dead' RETURNING id",
    );
    this.postsOfAlert = db.prepare<{ alertId: number }, Row>(
      "SELECT * FROM outbox WHERE alert_id = @alertId AND operation = 'post' AND state IN ('pending', 'sending', 'sent') ORDER BY id",
    );
    this.stateCounts = db.prepare<[], { state: OutboxState; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state');
    // Matches the partial index outbox_pending_alerts (migration 008) exactly, so only that index is read.
    this.pendingAlerts = db.prepare<[], number>("SELECT count(*) FROM outbox WHERE state = 'pending' AND alert_id IS NOT NULL").pluck();
    this.waitingPosts = db.prepare<{ alertId: number }, { id: number; state: 'pending' | 'dead' }>(
      "SELECT id, state FROM outbox WHERE alert_id = @alertId AND operation = 'post' AND conversation_id = '' AND state IN ('pending', 'dead')",
    );
  }

  /** Returns the new row's id, or null when a row with this dedupe key already exists (nothing is written). */
  enqueue(row: NewOutboxRow): number | null {
    const result = this.insert.run({
      dedupeKey: row.dedupeKey,
      operation: row.operation,
      conversationId: row.conversationId,
      threadOf: row.threadOf ?? null,
      targetOf: row.targetOf ?? null,
      message: JSON.stringify(row.message),
      alertId: row.alertId ?? null,
      purpose: row.purpose,
      notBefore: (row.notBefore ?? row.now).toISOString(),
      now: row.now.toISOString(),
    });
    if (result.changes !== 1) return null;
    this.committed.wrote('outbox');
    return Number(result.lastInsertRowid);
  }

  find(id: number): OutboxRow | null {
    const row = this.byId.get({ id });
    return row ? toOutboxRow(row) : null;
  }

  /** For each conversation with due work, its oldest due row, oldest first (so every conversation moves along at the same pace). */
  dueHeads(now: Date): { conversationId: string; id: number }[] {
    return this.dueHeadRows.all({ now: now.toISOString() }).map((row) => ({ conversationId: row.conversation_id, id: row.id }));
  }

  /** Points a waiting or dead row at another conversation (re-routing after a channel was linked or lost). */
  retargetTo(id: number, conversationId: string): void {
    if (this.retarget.run({ id, conversationId }).changes > 0) this.committed.wrote('outbox');
  }

  nextDueAt(): Date | null {
    const at = this.nextDue.get() as string | null;
    return at ? new Date(at) : null;
  }

  /** Records (and commits) that a send is about to be made. False if another worker took the row. */
  startAttempt(id: number, now: Date): boolean {
    return this.start.run({ id, now: now.toISOString() }).changes === 1;
  }

  markSent(id: number, activityId: string | null, now: Date): boolean {
    return this.sent.run({ id, activityId, now: now.toISOString() }).changes === 1;
  }

  retryAt(id: number, at: Date, error: string | null): void {
    this.later.run({ id, at: at.toISOString(), error });
    this.committed.wrote('outbox');
  }

  /** Gives up: `dead` can be re-driven by an admin; `failed` is final (the conversation is gone); `cancelled` was withdrawn. */
  finish(id: number, state: 'dead' | 'failed' | 'cancelled', error: string | null): void {
    this.settle.run({ id, state, error });
  }

  /**
   * On start: rows left in 'sending' by a crash may or may not have reached Teams. They go back to pending, marked
   * uncertain, and are sent again: a crash can cause a duplicate, never a loss.
   */
  recoverInterrupted(now: Date): OutboxRow[] {
    return this.db.transaction(() => {
      const rows = this.interrupted.all().map(toOutboxRow);
      for (const row of rows) this.recover.run({ id: row.id, now: now.toISOString() });
      return rows;
    })();
  }

  listDead(limit = 20): OutboxRow[] {
    return this.deadRows.all({ limit }).map(toOutboxRow);
  }

  /** Sends a dead row again from now, with a fresh retry budget. */
  redrive(id: number, now: Date): boolean {
    const redriven = this.redriveOne.run({ id, now: now.toISOString() }).changes === 1;
    if (redriven) this.committed.wrote('outbox');
    return redriven;
  }

  redriveAllDead(now: Date): number[] {
    const ids = (this.redriveAll.all({ now: now.toISOString() }) as { id: number }[]).map((row) => row.id);
    if (ids.length > 0) this.committed.wrote('outbox');
    return ids;
  }

  postsOf(alertId: number): OutboxRow[] {
    return this.postsOfAlert.all({ alertId }).map(toOutboxRow);
  }

  /** An alert's posts that have no conversation to go to yet: waiting (pending) or given up on (dead). */
  waitingPostsOf(alertId: number): { id: number; state: 'pending' | 'dead' }[] {
    return this.waitingPosts.all({ alertId });
  }

  /** Alert messages (posts, updates, reminders, escalations) waiting to be sent: the backlog POST /api/events is held to. */
  pendingAlertMessages(): number {
    return this.pendingAlerts.get() as number;
  }

  countsByState(): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, dead: 0, failed: 0, cancelled: 0 };
    for (const { state, n } of this.stateCounts.all()) counts[state] = n;
    return counts;
  }
}

function toOutboxRow(row: Row): OutboxRow {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    operation: row.operation,
    conversationId: row.conversation_id,
    threadOf: row.thread_of,
    targetOf: row.target_of,
    message: JSON.parse(row.message),
    alertId: row.alert_id,
    purpose: row.purpose,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    redrivenAt: row.redriven_at,
    sentAt: row.sent_at,
    activityId: row.activity_id,
    uncertain: row.uncertain === 1,
    lastError: row.last_error,
  };
}
