import type { PgPool } from '../../data/postgres/driver/pg-pool.js';
import { baseConversationId } from '../../data/repositories/conversations.js';
import { conversationScope } from '../../data/repositories/delivery-pacing.js';
import type { ConnectorCall } from './fake-connector.js';

/**
 * How long after its count each send reached the connector: the pacer counts a send in `delivery_sends` and allows it
 * to arrive up to SEND_SAFETY_MS later. For each arrival, the latest count of its conversation at or before it is the
 * one it went out on (a send counted again leaves on its last count). Arrivals with no count before them are left out.
 */
export function arrivalLagsMs(countsByConversation: ReadonlyMap<string, readonly number[]>, arrivals: readonly { conversationId: string; at: number }[]): number[] {
  const lags: number[] = [];
  for (const arrival of arrivals) {
    let latest = -Infinity;
    for (const counted of countsByConversation.get(arrival.conversationId) ?? []) if (counted <= arrival.at && counted > latest) latest = counted;
    if (latest !== -Infinity) lags.push(arrival.at - latest);
  }
  return lags;
}

/** "p50 / p99 / max" of `values`, for a test's log line. */
export function spread(values: readonly number[]): string {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `${at(0.5)} / ${at(0.99)} / ${sorted[sorted.length - 1]} ms`;
}

/**
 * From a run on PostgreSQL: the sends' counts per conversation (`delivery_sends`, kept for the longest window) against
 * the connector's accepted sends. "N counts for M sends, count to arrival p50 / p99 / max", for a log line.
 */
export async function countToArrival(pool: PgPool, calls: readonly ConnectorCall[]): Promise<string> {
  const countsByScope = new Map<string, number[]>();
  let counts = 0;
  for (const row of await pool.query<{ scope_key: string; sent_at_ms: string }>('SELECT scope_key, sent_at_ms FROM delivery_sends WHERE scope_key LIKE @conversations', { conversations: conversationScope('%') })) {
    const list = countsByScope.get(row.scope_key) ?? [];
    list.push(Number(row.sent_at_ms));
    countsByScope.set(row.scope_key, list);
    counts++;
  }
  const sends = calls.filter((call) => call.operation === 'send' && call.conversationId !== null);
  const lags = arrivalLagsMs(countsByScope, sends.map((call) => ({ conversationId: conversationScope(baseConversationId(call.conversationId!)), at: call.at })));
  return `${counts} counts for ${sends.length} sends, count to arrival ${spread(lags)}`;
}
