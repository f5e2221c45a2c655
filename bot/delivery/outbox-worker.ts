import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { baseConversationId, type StoredConversation } from '../../data/repositories/conversations.js';
import { SEND_LATE_MS } from '../../data/repositories/delivery-pacing.js';
import type { OutboxRow, Recount } from '../../data/repositories/outbox.js';
import type { Store, Tx } from '../../data/store/store.js';
import { retryWhileBusy } from '../../data/sql/retry-while-busy.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import type { Logger } from '../log/logger.js';
import type { Reply } from '../chat/reply.js';
import { backoffMs, classifyFailure } from './classify-failure.js';
import type { DeliveryHooks } from './delivery-hooks.js';
import { SendWithdrawn, type MessageSender, type SendTarget } from './message-sender.js';

/** While another process holds the database's write lock the worker pauses, doubling from the first to the longest. */
const BUSY_FIRST_PAUSE_MS = 250;
const BUSY_LONGEST_PAUSE_MS = 5000;
/** What happened to a send is written down as soon as the lock allows, for up to this long (else at the next start). */
const BOOKKEEPING_DEADLINE_MS = 10 * 60_000;
/** How often one send may be counted again (each count stays spent): under overload it then leaves as last counted. */
const MAX_RECOUNTS = 3;

/** How often a running worker takes over claims whose lease ran out (another instance died while sending). */
const TAKE_OVER_EVERY_MS = 5000;
/** How often sends no rate window counts any more are forgotten (each claim already prunes its own conversation and tenant). */
const PRUNE_BUDGET_EVERY_MS = 10 * 60_000;

/** A claim's outcome arrived after another instance had taken the claim over: nothing of it is recorded. */
class ClaimTakenOver extends Error {}

export type WorkerOptions = {
  store: Store;
  sender: MessageSender;
  hooks: DeliveryHooks;
  log: Logger;
  clock?: () => Date;
  /**
   * How long a claim on a row lasts (render, send, bookkeeping); after it another instance may take the row over
   * and send it again. The sender's own deadline must be shorter (app.ts gives the Bot Connector call half of it).
   */
  leaseMs?: number;
  /** Who this worker is in the outbox's leases; unique per worker (default host:pid:random). */
  owner?: string;
  /** Sends in flight at once, across conversations (one at a time per conversation, across instances). */
  maxInFlight?: number;
  /** Transient failures are retried until the row is this old (from creation or re-drive), then dead-lettered. */
  maxAgeMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How often the worker looks for work nobody woke it for (rows enqueued by another process, retries). */
  pollMs?: number;
};

/**
 * Sends outbox rows through the Bot Connector, paced under Teams' limits, one message at a time per conversation.
 * Each send is claimed in the database first (a lease, and a place in Teams' limits counted there), so several
 * instances share one outbox and one budget; the activity id is recorded after the request returns, only while the
 * claim is still this worker's. Claims whose lease ran out (an instance died mid-send) go back to pending, marked
 * uncertain, and are sent again: nothing accepted is lost, a crash can duplicate one message.
 */
export class OutboxWorker {
  private readonly store: Store;
  private readonly clock: () => Date;
  private readonly leaseMs: number;
  private readonly owner: string;
  private readonly maxInFlight: number;
  private readonly maxAgeMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly pollMs: number;
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private recoveryPending = false;
  private busyUntil = 0;
  private busyPauseMs = 0;
  private lastTakeOver = -Infinity;
  private heartbeat: NodeJS.Timeout | null = null;
  private lastBudgetPrune = -Infinity;

  constructor(private readonly options: WorkerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? 60_000;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.maxInFlight = options.maxInFlight ?? 16;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffCapMs = options.backoffCapMs ?? 10 * 60_000;
    this.pollMs = options.pollMs ?? 1000;
  }

  /**
   * Reconciles what a crash left behind, then starts sending. If another process holds the write lock, the
   * reconciliation waits for the first pump that can write (rows left 'sending' are not sent before it).
   */
  async start(): Promise<{ recovered: number }> {
    this.running = true;
    this.recoveryPending = true;
    let recovered = 0;
    try {
      recovered = await this.recover();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      this.pauseWhileBusy();
    }
    this.wake();
    return { recovered };
  }

  private async recover(): Promise<number> {
    const recovered = await this.store.outbox.takeOverAtStart(this.clock());
    this.recoveryPending = false;
    this.lastTakeOver = Date.now();
    for (const row of recovered) {
      this.options.log.warn({ outboxId: row.id, purpose: row.purpose, attempts: row.attempts }, 'send interrupted by a restart: sending again (may duplicate this one message)');
    }
    return recovered.length;
  }

  /** Claims another instance (or this one, hung) held past their lease; and now and then the send budget's old rows. */
  private async housekeeping(now: Date): Promise<void> {
    if (Date.now() - this.lastTakeOver >= TAKE_OVER_EVERY_MS) {
      this.lastTakeOver = Date.now();
      this.loggedTakeOvers(await this.store.outbox.takeOverExpired(now));
    }
    if (Date.now() - this.lastBudgetPrune >= PRUNE_BUDGET_EVERY_MS) {
      this.lastBudgetPrune = Date.now();
      await this.store.outbox.pruneSendBudget(now);
    }
  }

  private loggedTakeOvers(rows: readonly OutboxRow[]): void {
    for (const row of rows) {
      this.options.log.warn({ outboxId: row.id, purpose: row.purpose, attempts: row.attempts }, 'claim expired (its instance stopped or hung mid-send): sending again (may duplicate this one message)');
    }
  }

  /** Another process holds the write lock: look again later, a little later each time, instead of spinning. */
  private pauseWhileBusy(): void {
    this.busyPauseMs = Math.min(this.busyPauseMs === 0 ? BUSY_FIRST_PAUSE_MS : this.busyPauseMs * 2, BUSY_LONGEST_PAUSE_MS);
    this.busyUntil = Date.now() + this.busyPauseMs;
    this.options.log.warn({ pauseMs: this.busyPauseMs }, 'delivery worker: the database write lock is held by another process; pausing');
  }

  /** What a send did must not be lost to a held lock: written asynchronously as soon as the lock is free. */
  private async bookkeeping(row: OutboxRow, work: () => Promise<void>): Promise<void> {
    try {
      await retryWhileBusy(work, { deadlineMs: BOOKKEEPING_DEADLINE_MS, maxDelayMs: 1000, keepTrying: () => this.running });
    } catch (error) {
      if (error instanceof ClaimTakenOver) {
        this.options.log.warn({ outboxId: row.id }, 'delivery worker: the claim was taken over by another instance (lease ran out), so this outcome is not recorded');
        return;
      }
      if (!isBusyError(error)) throw error;
      this.options.log.error({ outboxId: row.id }, 'delivery worker: the database stayed locked, so this send is left as interrupted and is sent again once its lease has run out');
    }
  }

  /** Something was enqueued: look now. */
  wake(): void {
    if (!this.running) return;
    this.schedule(0);
  }

  /** Stops starting sends and waits for the ones in flight (so their outcome is recorded). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
    this.stopHeartbeat();
  }

  /**
   * While sends are in flight their claims are renewed every third of a lease: recording an outcome can take longer
   * than a lease while the database is busy (serialisation failures are retried), and a live claim must not be taken
   * over and sent twice. A process that dies (or freezes) stops renewing, and its claims run out.
   */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.renewClaims(), Math.max(1000, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async renewClaims(): Promise<void> {
    if (this.inFlight.size === 0) return this.stopHeartbeat();
    try {
      await this.store.outbox.renewLeases(this.owner, new Date(this.clock().getTime() + this.leaseMs));
    } catch (error) {
      // The next beat tries again; a third of the lease is left before another instance may take the claims over.
      this.options.log.warn({ err: error }, 'delivery worker: could not renew its claims');
    }
  }

  private schedule(requestedMs: number): void {
    const delayMs = Math.max(requestedMs, this.busyUntil - Date.now());
    const at = Date.now() + Math.max(0, delayMs);
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      // A timer cannot await; pump() catches and logs its own failures and schedules the next look.
      void this.pump();
    }, Math.max(0, delayMs));
  }

  private async pump(): Promise<void> {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      if (this.recoveryPending) await this.recover();
      let nextCheckMs = this.pollMs;
      const now = this.clock();
      const nowMs = now.getTime();
      await this.housekeeping(now);
      for (const head of await this.store.outbox.dueHeads(now)) {
        if (this.inFlight.size >= this.maxInFlight) break;
        const key = baseConversationId(head.conversationId);
        // A cheap pre-filter: the claim refuses a second send to a conversation across instances anyway.
        if (this.busy.has(key)) continue;
        const conversation = head.conversationId ? await this.store.conversations.find(key) : null;
        const row = await this.store.outbox.find(head.id);
        if (!row || row.state !== 'pending') continue;
        if (!conversation || !conversation.active) {
          const reason = conversation ? (conversation.inactiveReason ?? 'inactive') : 'no-conversation';
          await this.store.transaction(async (tx) => this.conversationGone(tx, row, reason, now));
          continue;
        }
        const target = await this.targetOf(row, conversation, now);
        if (!target) continue;
        const claim = await this.store.outbox.claim(row.id, { owner: this.owner, leaseMs: this.leaseMs, tenantId: conversation.tenantId ?? '', clock: this.clock });
        if (claim.claimed) this.launch(key, claim.row, target, now, claim.countedAtMs);
        else if (claim.notBefore !== undefined) nextCheckMs = Math.min(nextCheckMs, Math.max(5, claim.notBefore - nowMs));
        else if (claim.tookOver) {
          this.loggedTakeOvers(claim.tookOver);
          nextCheckMs = Math.min(nextCheckMs, 5);
        }
      }
      const nextDue = await this.store.outbox.nextDueAt();
      if (nextDue) nextCheckMs = Math.min(nextCheckMs, Math.max(5, nextDue.getTime() - this.clock().getTime()));
      if (this.inFlight.size >= this.maxInFlight) nextCheckMs = Math.max(nextCheckMs, 50);
      this.busyPauseMs = 0;
      this.schedule(nextCheckMs);
    } catch (error) {
      if (isBusyError(error)) this.pauseWhileBusy();
      else this.options.log.error({ err: error }, 'delivery worker: pump failed');
      this.schedule(this.pollMs);
    } finally {
      this.pumping = false;
      if (this.pumpAgain) {
        this.pumpAgain = false;
        this.schedule(0);
      }
    }
  }

  /** Where the (still unclaimed) row goes; a reply or update waits until the message it refers to has an activity id. */
  private async targetOf(row: OutboxRow, conversation: StoredConversation, now: Date): Promise<SendTarget | null> {
    if (row.operation === 'post') return { operation: 'post', conversation };
    const referencedId = row.operation === 'reply' ? row.threadOf : row.targetOf;
    const referenced = referencedId ? await this.store.outbox.find(referencedId) : null;
    if (referenced?.state === 'sent' && referenced.activityId) {
      if (row.operation === 'reply') return { operation: 'reply', conversation, threadActivityId: referenced.activityId };
      return { operation: row.operation, conversation, activityId: referenced.activityId };
    }
    if (referenced && (referenced.state === 'pending' || referenced.state === 'sending')) {
      await this.store.outbox.retryAt(row.id, new Date(now.getTime() + 2000), 'waiting for the message it refers to');
      return null;
    }
    await this.finish(row, 'failed', `the message it refers to was not sent (${referenced?.state ?? 'missing'})`, now);
    return null;
  }

  private launch(key: string, row: OutboxRow, target: SendTarget, now: Date, countedAtMs: number): void {
    this.busy.add(key);
    this.startHeartbeat();
    const task = this.deliver(row, target, now, countedAtMs)
      .catch((error: unknown) => {
        // Busy before the send: the row is still pending and goes out after the pause.
        if (isBusyError(error)) this.pauseWhileBusy();
        else this.options.log.error({ err: error, outboxId: row.id }, 'delivery worker: bookkeeping failed');
      })
      .finally(() => {
        this.busy.delete(key);
        this.inFlight.delete(task);
        this.wake();
      });
    this.inFlight.add(task);
  }

  private async deliver(row: OutboxRow, target: SendTarget, now: Date, countedAtMs: number): Promise<void> {
    let message: Reply | null;
    try {
      message = await this.options.hooks.render(this.store, row, now);
    } catch (error) {
      this.options.log.error({ err: error, outboxId: row.id }, 'message could not be rendered');
      await this.bookkeeping(row, () => this.finish(row, 'dead', 'could not be rendered', now, this.owner));
      return;
    }
    let activityId: string | null;
    try {
      ({ activityId } = await this.options.sender.send(target, message, { beforeRequest: () => this.countedAgainIfLate(row, target, countedAtMs) }));
    } catch (error) {
      if (error instanceof SendWithdrawn) {
        this.options.log.warn({ outboxId: row.id }, 'delivery worker: the claim was taken over by another instance before the send left; not sent here');
        return;
      }
      const failedAt = this.clock();
      await this.bookkeeping(row, () => this.failed(row, error, failedAt));
      return;
    }
    const sentAt = this.clock();
    await this.bookkeeping(row, () =>
      this.store.transaction(async (tx) => {
        if (!(await tx.outbox.markSent(row.id, activityId, sentAt, this.owner))) throw new ClaimTakenOver();
        await this.options.hooks.onSent?.(tx, row, activityId, sentAt);
      }),
    );
  }

  /**
   * The sender calls this right before the request is written. Teams counts a send when it arrives; the pacer counted
   * it at its claim and allows SEND_SAFETY_MS between the two. A send about to leave later than SEND_LATE_MS after its
   * count (rendering, the database or a busy event loop held it up) is counted again, waiting for room if need be, so
   * it cannot arrive in one window with sends counted after it; a count that is itself late is made again, up to
   * MAX_RECOUNTS times. Throws SendWithdrawn when the claim was taken over meanwhile (the other instance sends it).
   * Should the store fail here, the send leaves as last counted.
   */
  private async countedAgainIfLate(row: OutboxRow, target: SendTarget, countedAtMs: number): Promise<void> {
    const firstCountMs = countedAtMs;
    for (let recounts = 0; ; recounts++) {
      const nowMs = this.clock().getTime();
      if (nowMs - countedAtMs <= SEND_LATE_MS) return;
      if (recounts === MAX_RECOUNTS) {
        this.options.log.warn({ outboxId: row.id, lateMs: nowMs - countedAtMs }, 'delivery worker: every count of this send was late; it leaves as last counted');
        return;
      }
      let recount: Recount;
      try {
        recount = await this.store.outbox.recount(row.id, { owner: this.owner, tenantId: target.conversation.tenantId ?? '', clock: this.clock });
      } catch (error) {
        this.options.log.warn({ err: error, outboxId: row.id }, 'delivery worker: a late send could not be counted again; it leaves as last counted');
        return;
      }
      if (recount.counted) {
        this.options.log.debug({ outboxId: row.id, lateMs: nowMs - countedAtMs, sinceFirstCountMs: recount.atMs - firstCountMs }, 'delivery worker: a late send counted again before it leaves');
        countedAtMs = recount.atMs;
        continue;
      }
      if (recount.notBefore === undefined) throw new SendWithdrawn('the claim was taken over by another instance');
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, recount.notBefore! - nowMs)));
      countedAtMs = Number.NEGATIVE_INFINITY; // still to be counted again
    }
  }

  private async failed(row: OutboxRow, error: unknown, now: Date): Promise<void> {
    const verdict = classifyFailure(error);
    const detail = error instanceof Error ? error.message.slice(0, 300) : String(error);
    const key = baseConversationId(row.conversationId);
    // `row` is as claimed: its attempts already count this one.
    const log = this.options.log.child({ outboxId: row.id, purpose: row.purpose, attempt: row.attempts });
    if (verdict.kind === 'throttled') {
      log.warn({ retryAfterMs: verdict.retryAfterMs }, 'throttled by Teams (429): waiting as told');
      const until = new Date(now.getTime() + verdict.retryAfterMs);
      await this.store.outbox.holdConversation(key, until);
      await this.retryAt(row, until, `429 ${detail}`);
      return;
    }
    if (verdict.kind === 'conversation-gone') {
      log.warn({ reason: verdict.reason }, 'conversation refuses the bot: marked inactive');
      await this.store.transaction(async (tx) => {
        await tx.conversations.markInactive(key, verdict.reason, now);
        await this.conversationGone(tx, row, verdict.reason, now, this.owner);
      });
      return;
    }
    const age = now.getTime() - Date.parse(row.redrivenAt ?? row.createdAt);
    if (verdict.kind === 'permanent' || age > this.maxAgeMs) {
      const reason = verdict.kind === 'permanent' ? verdict.reason : `gave up after ${row.attempts} attempts: ${detail}`;
      log.error({ reason }, 'send failed for good: dead-lettered');
      await this.finish(row, 'dead', reason, now, this.owner);
      return;
    }
    const delay = backoffMs(row.attempts, this.backoffBaseMs, this.backoffCapMs);
    log.warn({ error: detail, retryInMs: delay }, 'send failed: will retry');
    await this.retryAt(row, new Date(now.getTime() + delay), detail);
  }

  private async retryAt(row: OutboxRow, at: Date, error: string): Promise<void> {
    if (!(await this.store.outbox.retryAt(row.id, at, error, this.owner))) throw new ClaimTakenOver();
  }

  /** `owner` for a row this worker claimed: then nothing is written (the unit rolls back) once the claim was taken over. */
  private async conversationGone(tx: Tx, row: OutboxRow, reason: string, now: Date, owner?: string): Promise<void> {
    const rerouted = await this.options.hooks.onConversationGone?.(tx, row, reason, now) ?? false;
    const settled = await tx.outbox.finish(row.id, rerouted ? 'failed' : 'dead', reason, owner);
    if (!settled && owner !== undefined) throw new ClaimTakenOver();
    if (settled && !rerouted) await this.options.hooks.onDead?.(tx, row, reason, now);
  }

  private async finish(row: OutboxRow, state: 'dead' | 'failed', reason: string, now: Date, owner?: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const settled = await tx.outbox.finish(row.id, state, reason, owner);
      if (!settled && owner !== undefined) throw new ClaimTakenOver();
      if (settled && state === 'dead') await this.options.hooks.onDead?.(tx, row, reason, now);
    });
  }
}
