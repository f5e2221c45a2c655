import type { Sql } from '../sql/sql.js';

export type RateWindow = { limit: number; windowMs: number };

/** Teams' documented limits per bot per conversation. */
export const TEAMS_CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Teams' documented limit per app per tenant. */
export const TEAMS_TENANT_WINDOWS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

/**
 * A request reaches Teams some milliseconds after we record it, and not always equally late, so a window as Teams
 * measures it can hold one send more than ours did: a send counted at t may arrive up to SEND_SAFETY_MS later. Two parts
 * make that up. Until its request is written, a send can be held up by rendering, the database or a busy event loop
 * (103–329 ms in the two-instance kill test before session 11); so the worker checks as the request's last step and
 * counts it again when it is more than SEND_LATE_MS past its count (OutboxWorker.countedAgainIfLate). From that
 * check to its arrival at the connector took 1 ms typically and at most 73 ms in session 11's runs (kill test and
 * delivery bench), which the rest of the margin covers. Every place in SEND_SAFETY_MS costs throughput: the tenant's 50
 * sends are spread over 1 s plus the margin (100 ms: at most 0.91 of Teams' ceiling).
 */
export const SEND_SAFETY_MS = 100;
/** See SEND_SAFETY_MS: the latest a send may leave after its count without being counted again. */
export const SEND_LATE_MS = 35;

export type PacingLimits = { conversation: readonly RateWindow[]; tenant: readonly RateWindow[]; safetyMs: number };

export const TEAMS_LIMITS: PacingLimits = { conversation: TEAMS_CONVERSATION_WINDOWS, tenant: TEAMS_TENANT_WINDOWS, safetyMs: SEND_SAFETY_MS };

const RECORD = 'INSERT INTO delivery_sends (scope_key, sent_at_ms) VALUES (@conversation, @at), (@tenant, @at)';
const PRUNE_SENDS =
  'DELETE FROM delivery_sends WHERE (scope_key = @conversation AND sent_at_ms <= @conversationBefore) OR (scope_key = @tenant AND sent_at_ms <= @tenantBefore)';
const PRUNE_HOLDS = 'DELETE FROM delivery_holds WHERE scope_key IN (@conversation, @tenant) AND until_ms <= @now';
const PRUNE_ALL_SENDS = 'DELETE FROM delivery_sends WHERE sent_at_ms <= @before';
const PRUNE_ALL_HOLDS = 'DELETE FROM delivery_holds WHERE until_ms <= @now';
const HOLD = `INSERT INTO delivery_holds (scope_key, until_ms) VALUES (@scope, @until)
  ON CONFLICT (scope_key) DO UPDATE SET until_ms = CASE WHEN excluded.until_ms > delivery_holds.until_ms THEN excluded.until_ms ELSE delivery_holds.until_ms END`;

/** The scope keys of delivery_sends and delivery_holds. */
export const conversationScope = (baseConversationId: string) => `c:${baseConversationId}`;
export const tenantScope = (tenantId: string) => `t:${tenantId}`;

/**
 * Teams' rate limits counted in the database, so every instance draws on one budget: a send at time t counts in a
 * window while now < t + windowMs (+ the safety margin). One query answers all windows and holds: per window, the
 * send `limit` places back, if it is still inside the window, says when one more fits. Callers that decide and
 * record must do both in one `atomic` serialised on the tenant (OutboxRepository.claim), or two could take the
 * last place in a window.
 */
export class DeliveryPacing {
  private readonly earliestQuery: string;
  private readonly longestConversationMs: number;
  private readonly longestTenantMs: number;

  /** Cheap to make per transaction (the outbox's claim does): the query text is built once per set of limits. */
  constructor(
    private readonly sql: Sql,
    private readonly limits: PacingLimits = TEAMS_LIMITS,
  ) {
    this.earliestQuery = earliestQueryFor(limits);
    this.longestConversationMs = Math.max(0, ...limits.conversation.map((w) => w.windowMs));
    this.longestTenantMs = Math.max(0, ...limits.tenant.map((w) => w.windowMs));
  }

  /** Earliest time (epoch ms, ≥ now) at which one more send to this conversation in this tenant stays within every window and hold. */
  async earliestSendAt(baseConversationId: string, tenantId: string, now: number): Promise<number> {
    const params: Record<string, unknown> = { conversation: conversationScope(baseConversationId), tenant: tenantScope(tenantId) };
    const since = (w: RateWindow) => now - w.windowMs - this.limits.safetyMs;
    this.limits.conversation.forEach((w, i) => (params[`conversationSince${i}`] = since(w)));
    this.limits.tenant.forEach((w, i) => (params[`tenantSince${i}`] = since(w)));
    const row = (await this.sql.get<Record<string, number | null>>(this.earliestQuery, params))!;
    let earliest = Math.max(now, row.held ?? -Infinity);
    const fitsAfter = (scope: 'conversation' | 'tenant', w: RateWindow, i: number) => {
      const oldestCounted = row[`${scope}${i}`];
      if (oldestCounted != null) earliest = Math.max(earliest, oldestCounted + w.windowMs + this.limits.safetyMs);
    };
    this.limits.conversation.forEach((w, i) => fitsAfter('conversation', w, i));
    this.limits.tenant.forEach((w, i) => fitsAfter('tenant', w, i));
    return earliest;
  }

  /**
   * Records a send, and forgets what no window of these two scopes counts any more. The send is counted at `clock`'s
   * reading right before the insert (never before `decidedAtMs`, when earliestSendAt allowed it), so as little as
   * possible lies between its counted time and its leaving. Returns that time.
   */
  async record(baseConversationId: string, tenantId: string, decidedAtMs: number, clock: () => number = () => decidedAtMs): Promise<number> {
    const scopes = { conversation: conversationScope(baseConversationId), tenant: tenantScope(tenantId) };
    const margin = this.limits.safetyMs;
    await this.sql.run(PRUNE_SENDS, { ...scopes, conversationBefore: decidedAtMs - this.longestConversationMs - margin, tenantBefore: decidedAtMs - this.longestTenantMs - margin });
    await this.sql.run(PRUNE_HOLDS, { ...scopes, now: decidedAtMs });
    const at = Math.max(decidedAtMs, clock());
    await this.sql.run(RECORD, { ...scopes, at });
    return at;
  }

  /** After a 429 with Retry-After: no sends to the conversation before `until` (a shorter hold never shortens a longer one). */
  async holdConversation(baseConversationId: string, until: number): Promise<void> {
    await this.sql.run(HOLD, { scope: conversationScope(baseConversationId), until });
  }

  /** Forgets every send no window counts and every hold that is over, also of scopes no send has come to since. */
  async pruneAll(now: number): Promise<number> {
    const longest = Math.max(this.longestConversationMs, this.longestTenantMs) + this.limits.safetyMs;
    const { changes } = await this.sql.run(PRUNE_ALL_SENDS, { before: now - longest });
    await this.sql.run(PRUNE_ALL_HOLDS, { now });
    return changes;
  }
}

const earliestQueries = new WeakMap<PacingLimits, string>();

/** One query for every window and hold: per window, the send `limit` places back, if still inside the window. */
function earliestQueryFor(limits: PacingLimits): string {
  let query = earliestQueries.get(limits);
  if (query === undefined) {
    const window = (scope: 'conversation' | 'tenant', w: RateWindow, i: number) =>
      `(SELECT sent_at_ms FROM delivery_sends WHERE scope_key = @${scope} AND sent_at_ms > @${scope}Since${i} ORDER BY sent_at_ms DESC LIMIT 1 OFFSET ${w.limit - 1}) AS ${scope}${i}`;
    query = `SELECT ${[
      ...limits.conversation.map((w, i) => window('conversation', w, i)),
      ...limits.tenant.map((w, i) => window('tenant', w, i)),
      '(SELECT max(until_ms) FROM delivery_holds WHERE scope_key IN (@conversation, @tenant)) AS held',
    ].join(',\n  ')}`;
    earliestQueries.set(limits, query);
  }
  return query;
}
