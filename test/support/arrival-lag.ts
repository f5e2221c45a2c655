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
