import type { Sql } from '../sql/sql.js';
import type { WriteNotes } from '../sql/commit-signal.js';
import { baseConversationId } from './conversations.js';
import { DeliveryPacing, tenantScope, TEAMS_LIMITS, type PacingLimits } from './delivery-pacing.js';

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

export type ClaimRequest = {
  /** Who sends (one id per worker): only it may record the outcome while its lease lasts. */
  owner: string;
  leaseMs: number;
  /** The conversation's tenant: its sends share one budget, and claims in it are serialised. */
  tenantId: string;
  /**
   * Read once the tenant's claims are serialised (after any wait for another claim): the send is recorded at that
   * time, and one recorded earlier than it leaves would let Teams count more in a window than we did.
   */
  clock: () => Date;
};

/**
 * `notBefore` (epoch ms) when only Teams' limits (or a 429's hold) said no, or an older row of the conversation that
 * holds this one back waits to be sent (for a retry) until then. `tookOver`: rows of the conversation whose sender's lease had run out, put back to pending (uncertain) so
 * that they, being older, go first.
 */
/** `countedAtMs`: when the send was counted in Teams' limits (see `recount`). */
export type Claim = { claimed: true; row: OutboxRow; countedAtMs: number } | { claimed: false; notBefore?: number; tookOver?: OutboxRow[] };

/** `recount`'s answer: counted again at `atMs`; or not yet (`notBefore`); or the claim is no longer this owner's. */
export type Recount = { counted: true; atMs: number } | { counted: false; notBefore?: number };

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

const INSERT = `INSERT INTO outbox (dedupe_key, operation, conversation_id, thread_of, target_of, message, alert_id, purpose, next_attempt_at, created_at)
  VALUES (@dedupeKey, @operation, @conversationId, @threadOf, @targetOf, @message, @alertId, @purpose, @notBefore, @now)
  ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
const BY_ID = 'SELECT * FROM outbox WHERE id = @id';
/**
 * A conversation's posts and replies go out in the order they were queued. An in-place change (update, delete) of a
 * message already there takes no place in that order: it waits for the older posts and replies (its target may be
 * one), but holds back only a later change of the same message (so a withdrawal's delete never overtakes a correction).
 */
const HOLDS_BACK = "(earlier.operation IN ('post', 'reply') OR earlier.target_of = o.target_of)";
/** Not pending behind an earlier row of its conversation that holds it back. */
const FIRST_IN_CONVERSATION = `NOT EXISTS (SELECT 1 FROM outbox AS earlier WHERE earlier.state = 'pending' AND earlier.conversation_id = o.conversation_id AND earlier.id < o.id AND ${HOLDS_BACK})`;
const DUE_HEADS = `SELECT conversation_id, id FROM outbox AS o WHERE state = 'pending' AND next_attempt_at <= @now AND ${FIRST_IN_CONVERSATION} ORDER BY id`;
const RETARGET = "UPDATE outbox SET conversation_id = @conversationId WHERE id = @id AND state IN ('pending', 'dead')";
const NEXT_DUE = `SELECT min(next_attempt_at) AS at FROM outbox AS o WHERE state = 'pending' AND ${FIRST_IN_CONVERSATION}`;
const CLAIM = `UPDATE outbox SET state = 'sending', attempts = attempts + 1, attempt_started_at = @now, lease_owner = @owner, lease_until = @leaseUntil
  WHERE id = @id AND state = 'pending' AND next_attempt_at <= @now RETURNING *`;
/** Rows of the conversation (and its threads: ids that start with its id) being sent; JS checks the base id. */
const SENDING_IN_CONVERSATION =
  "SELECT id, conversation_id, lease_until FROM outbox WHERE state = 'sending' AND substr(conversation_id, 1, @baseLength) = @base";
/** When the earliest of the conversation's (threads included) older pending rows that hold this one back is due; null when there is none. */
const EARLIER_PENDING_IN_CONVERSATION = `SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND id < @id
  AND (conversation_id = @base OR substr(conversation_id, 1, @threadPrefixLength) = @threadPrefix)
  AND (operation IN ('post', 'reply') OR target_of = @targetOf)`;
const UNLEASE = 'lease_owner = NULL, lease_until = NULL';
/** The owned forms (… AND lease_owner = @owner): a late outcome of a claim that was taken over must not overwrite the new attempt. */
const OWNED = " AND state = 'sending' AND lease_owner = @owner";
const SENT = `UPDATE outbox SET state = 'sent', activity_id = coalesce(@activityId, activity_id), sent_at = @now, last_error = NULL, ${UNLEASE} WHERE id = @id AND state = 'sending'`;
const SENT_OWNED = SENT + OWNED;
const LATER = `UPDATE outbox SET state = 'pending', next_attempt_at = @at, last_error = coalesce(@error, last_error), ${UNLEASE} WHERE id = @id`;
const LATER_UNOWNED = `${LATER} AND state IN ('sending', 'pending')`;
const LATER_OWNED = LATER + OWNED;
const SETTLE = `UPDATE outbox SET state = @state, last_error = @error, ${UNLEASE} WHERE id = @id`;
const SETTLE_UNOWNED = `${SETTLE} AND state IN ('sending', 'pending')`;
const SETTLE_OWNED = SETTLE + OWNED;
const TAKE_OVER = `UPDATE outbox SET state = 'pending', uncertain = 1, next_attempt_at = @now, ${UNLEASE} WHERE state = 'sending'`;
const TAKE_OVER_EXPIRED = `${TAKE_OVER} AND (lease_until IS NULL OR lease_until <= @now) RETURNING *`;
const TAKE_OVER_ALL = `${TAKE_OVER} RETURNING *`;
const TAKE_OVER_ONE = `${TAKE_OVER} AND id = @id RETURNING *`;
const OWNED_CLAIM = "SELECT conversation_id FROM outbox WHERE id = @id AND state = 'sending' AND lease_owner = @owner";
const RENEW = "UPDATE outbox SET lease_until = @until WHERE state = 'sending' AND lease_owner = @owner";
const DEAD = "SELECT * FROM outbox WHERE state = 'dead' ORDER BY id LIMIT @limit";
const REDRIVE_ONE =
  "UPDATE outbox SET state = 'pending', attempts = 0, redriven_at = @now, next_attempt_at = @now WHERE id = @id AND state = 'dead'";
const REDRIVE_ALL =
  "UPDATE outbox SET state = 'pending', attempts = 0, redriven_at = @now, next_attempt_at = @now WHERE state = 'dead' RETURNING id";
const POSTS_OF_ALERT =
  "SELECT * FROM outbox WHERE alert_id = @alertId AND operation = 'post' AND state IN ('pending', 'sending', 'sent') ORDER BY id";
const STATE_COUNTS = 'SELECT state, count(*) AS n FROM outbox GROUP BY state';
// Matches the partial index outbox_pending_alerts (migration 008; the same in the PostgreSQL baseline) exactly, so only that index is read.
const PENDING_ALERTS = "SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND alert_id IS NOT NULL";
const WAITING_POSTS =
  "SELECT id, state FROM outbox WHERE alert_id = @alertId AND operation = 'post' AND conversation_id = '' AND state IN ('pending', 'dead') ORDER BY id";

/**
 * The transactional outbox: capabilities enqueue in the same transaction as the fact that causes the message, and
 * the delivery worker moves each row pending → sending → sent (or back to pending with a later attempt time, or to
 * dead/failed). The dedupe key makes every enqueue idempotent.
 */
export class OutboxRepository {
  constructor(
    private readonly sql: Sql,
    private readonly committed: WriteNotes,
    private readonly limits: PacingLimits = TEAMS_LIMITS,
  ) {}

  /** Returns the new row's id, or null when a row with this dedupe key already exists (nothing is written). */
  async enqueue(row: NewOutboxRow): Promise<number | null> {
    const inserted = await this.sql.get<{ id: number }>(INSERT, {
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
    if (!inserted) return null;
    this.committed.wrote('outbox');
    return inserted.id;
  }

  async find(id: number): Promise<OutboxRow | null> {
    const row = await this.sql.get<Row>(BY_ID, { id });
    return row ? toOutboxRow(row) : null;
  }

  /**
   * For each conversation, its due rows that no older pending row holds back (see HOLDS_BACK), oldest first (so every
   * conversation moves along at the same pace): its oldest post or reply, and due changes of messages queued before
   * it. A post or reply waiting (for a retry) holds back its conversation's later rows; a waiting change holds none.
   */
  async dueHeads(now: Date): Promise<{ conversationId: string; id: number }[]> {
    const rows = await this.sql.all<{ conversation_id: string; id: number }>(DUE_HEADS, { now: now.toISOString() });
    return rows.map((row) => ({ conversationId: row.conversation_id, id: row.id }));
  }

  /** Points a waiting or dead row at another conversation (re-routing after a channel was linked or lost). */
  async retargetTo(id: number, conversationId: string): Promise<void> {
    if ((await this.sql.run(RETARGET, { id, conversationId })).changes > 0) this.committed.wrote('outbox');
  }

  /** When the first row that nothing older holds back is due (a change waiting to coalesce wakes the worker too). */
  async nextDueAt(): Promise<Date | null> {
    const at = (await this.sql.get<{ at: string | null }>(NEXT_DUE))?.at;
    return at ? new Date(at) : null;
  }

  /**
   * Takes a due pending row for one send by `owner`, for `leaseMs`, if Teams' limits allow a send to its conversation
   * now, no other row of the same conversation (threads included) is being sent and none older that holds it back
   * (see HOLDS_BACK) is still pending (it waits for a retry: `notBefore` is when it is due, as it must go first);
   * records the send in the shared budget. A row of the conversation whose lease ran out is taken over instead (see
   * Claim). All in one transaction serialised on the tenant, so two instances cannot both take the row, two rows of
   * one conversation, or the last place in a window.
   */
  async claim(id: number, request: ClaimRequest): Promise<Claim> {
    return this.sql.atomic(
      async (sql) => {
        const nowMs = request.clock().getTime();
        const now = new Date(nowMs).toISOString();
        const row = await sql.get<Row>(BY_ID, { id });
        if (!row || row.state !== 'pending' || row.next_attempt_at > now) return { claimed: false };
        const base = baseConversationId(row.conversation_id);
        const sending = (await sql.all<{ id: number; conversation_id: string; lease_until: string | null }>(SENDING_IN_CONVERSATION, { base, baseLength: base.length })).filter(
          (other) => baseConversationId(other.conversation_id) === base,
        );
        if (sending.some((other) => other.lease_until !== null && other.lease_until > now)) return { claimed: false };
        if (sending.length > 0) {
          // Their sender died or hangs: they are older than this row, so they are sent again first (conversation order).
          const tookOver: OutboxRow[] = [];
          for (const other of sending) tookOver.push(...(await sql.all<Row>(TAKE_OVER_ONE, { id: other.id, now })).map(toOutboxRow));
          this.committed.wrote('outbox');
          return { claimed: false, tookOver };
        }
        const threadPrefix = `${base};messageid=`;
        const earlier = await sql.get<{ at: string | null }>(EARLIER_PENDING_IN_CONVERSATION, { id, base, threadPrefix, threadPrefixLength: threadPrefix.length, targetOf: row.target_of });
        if (earlier?.at) return { claimed: false, notBefore: Date.parse(earlier.at) };
        const pacing = new DeliveryPacing(sql, this.limits);
        const notBefore = await pacing.earliestSendAt(base, request.tenantId, nowMs);
        if (notBefore > nowMs) return { claimed: false, notBefore };
        const leaseUntil = new Date(nowMs + request.leaseMs).toISOString();
        const claimed = await sql.get<Row>(CLAIM, { id, now, owner: request.owner, leaseUntil });
        if (!claimed) return { claimed: false };
        const countedAtMs = await pacing.record(base, request.tenantId, nowMs, () => request.clock().getTime());
        return { claimed: true, row: toOutboxRow(claimed), countedAtMs };
      },
      { serialiseOn: tenantScope(request.tenantId) },
    );
  }

  /**
   * Counts a claimed send again, at now, in Teams' limits: for a send about to leave later after its counted time than
   * the pacing margin allows (rendering, the database or a busy event loop held it up), which could otherwise arrive
   * in one window with sends counted after it. The first count stays spent. Serialised on the tenant as `claim` is.
   */
  async recount(id: number, request: Pick<ClaimRequest, 'owner' | 'tenantId' | 'clock'>): Promise<Recount> {
    return this.sql.atomic(
      async (sql) => {
        const nowMs = request.clock().getTime();
        const row = await sql.get<{ conversation_id: string }>(OWNED_CLAIM, { id, owner: request.owner });
        if (!row) return { counted: false };
        const base = baseConversationId(row.conversation_id);
        const pacing = new DeliveryPacing(sql, this.limits);
        const notBefore = await pacing.earliestSendAt(base, request.tenantId, nowMs);
        if (notBefore > nowMs) return { counted: false, notBefore };
        return { counted: true, atMs: await pacing.record(base, request.tenantId, nowMs, () => request.clock().getTime()) };
      },
      { serialiseOn: tenantScope(request.tenantId) },
    );
  }

  /**
   * Extends every claim `owner` still holds to `until` (its heartbeat while it sends and records outcomes, which can
   * take longer than a lease when the database is busy); returns how many. A claim already taken over is not renewed.
   */
  async renewLeases(owner: string, until: Date): Promise<number> {
    return (await this.sql.run(RENEW, { owner, until: until.toISOString() })).changes;
  }

  /** After a 429 with Retry-After: no instance sends to the conversation before `until`. */
  async holdConversation(conversationId: string, until: Date): Promise<void> {
    await new DeliveryPacing(this.sql, this.limits).holdConversation(baseConversationId(conversationId), until.getTime());
  }

  /** Forgets sends no rate window counts any more (also of conversations nothing was sent to since); returns how many. */
  async pruneSendBudget(now: Date): Promise<number> {
    return new DeliveryPacing(this.sql, this.limits).pruneAll(now.getTime());
  }

  /** With `owner`: only while the row is still that owner's claim (false once another instance took it over). */
  async markSent(id: number, activityId: string | null, now: Date, owner?: string): Promise<boolean> {
    const params = { id, activityId, now: now.toISOString() };
    return (await (owner === undefined ? this.sql.run(SENT, params) : this.sql.run(SENT_OWNED, { ...params, owner }))).changes === 1;
  }

  /** Back to pending until `at`. With `owner`: only while the row is still that owner's claim. */
  async retryAt(id: number, at: Date, error: string | null, owner?: string): Promise<boolean> {
    const params = { id, at: at.toISOString(), error };
    const { changes } = await (owner === undefined ? this.sql.run(LATER_UNOWNED, params) : this.sql.run(LATER_OWNED, { ...params, owner }));
    if (changes > 0) this.committed.wrote('outbox');
    return changes === 1;
  }

  /**
   * Gives up: `dead` can be re-driven by an admin; `failed` is final (the conversation is gone); `cancelled` was
   * withdrawn. With `owner`: only while the row is still that owner's claim. True when the row was settled.
   */
  async finish(id: number, state: 'dead' | 'failed' | 'cancelled', error: string | null, owner?: string): Promise<boolean> {
    const params = { id, state, error };
    return (await (owner === undefined ? this.sql.run(SETTLE_UNOWNED, params) : this.sql.run(SETTLE_OWNED, { ...params, owner }))).changes === 1;
  }

  /**
   * Rows whose sender's lease ran out (it died, or hangs), or that have none (left by a sender from before migration
   * 017), may or may not have reached Teams. They go back to pending, marked uncertain, and are sent again: a crash
   * can cause a duplicate, never a loss. Returned in id order.
   */
  async takeOverExpired(now: Date): Promise<OutboxRow[]> {
    return this.takenOver(TAKE_OVER_EXPIRED, now);
  }

  /**
   * At a worker's start. Several instances share a PostgreSQL database, so there only expired leases are taken over;
   * a SQLite file has one sending process, so a lease still running there is the previous run's and is taken over
   * at once (no wait after a restart).
   */
  async takeOverAtStart(now: Date): Promise<OutboxRow[]> {
    return this.takenOver(this.sql.dialect === 'sqlite' ? TAKE_OVER_ALL : TAKE_OVER_EXPIRED, now);
  }

  private async takenOver(sql: string, now: Date): Promise<OutboxRow[]> {
    const rows = (await this.sql.all<Row>(sql, { now: now.toISOString() })).map(toOutboxRow).sort((a, b) => a.id - b.id);
    if (rows.length > 0) this.committed.wrote('outbox');
    return rows;
  }

  async listDead(limit = 20): Promise<OutboxRow[]> {
    return (await this.sql.all<Row>(DEAD, { limit })).map(toOutboxRow);
  }

  /** Sends a dead row again from now, with a fresh retry budget. */
  async redrive(id: number, now: Date): Promise<boolean> {
    const redriven = (await this.sql.run(REDRIVE_ONE, { id, now: now.toISOString() })).changes === 1;
    if (redriven) this.committed.wrote('outbox');
    return redriven;
  }

  /** The re-driven rows' ids, in id order (RETURNING's own order is the engine's). */
  async redriveAllDead(now: Date): Promise<number[]> {
    const ids = (await this.sql.all<{ id: number }>(REDRIVE_ALL, { now: now.toISOString() })).map((row) => row.id).sort((a, b) => a - b);
    if (ids.length > 0) this.committed.wrote('outbox');
    return ids;
  }

  async postsOf(alertId: number): Promise<OutboxRow[]> {
    return (await this.sql.all<Row>(POSTS_OF_ALERT, { alertId })).map(toOutboxRow);
  }

  /** An alert's posts that have no conversation to go to yet: waiting (pending) or given up on (dead), in id order. */
  async waitingPostsOf(alertId: number): Promise<{ id: number; state: 'pending' | 'dead' }[]> {
    return this.sql.all<{ id: number; state: 'pending' | 'dead' }>(WAITING_POSTS, { alertId });
  }

  /** Alert messages (posts, updates, reminders, escalations) waiting to be sent: the backlog POST /api/events is held to. */
  async pendingAlertMessages(): Promise<number> {
    return (await this.sql.get<{ n: number }>(PENDING_ALERTS))?.n ?? 0;
  }

  async countsByState(): Promise<Record<OutboxState, number>> {
    const counts: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, dead: 0, failed: 0, cancelled: 0 };
    for (const { state, n } of await this.sql.all<{ state: OutboxState; n: number }>(STATE_COUNTS)) counts[state] = n;
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
