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

/** The send times that still count in some window, oldest first, plus a hold (after a 429). */
type History = { times: number[]; heldUntil: number };

/**
 * Paces sends under sliding-window limits: a send at time t counts in a window while now < t + windowMs. Only
 * the last `limit` sends matter for each window, so a key keeps at most the largest limit's worth of timestamps.
 */
export class SendPacer {
  private readonly conversationWindows: readonly RateWindow[];
  private readonly tenantWindows: readonly RateWindow[];
  private readonly safetyMs: number;
  private readonly conversations = new Map<string, History>();
  private readonly tenants = new Map<string, History>();
  private readonly longestMs: number;

  constructor(options: { conversationWindows?: readonly RateWindow[]; tenantWindows?: readonly RateWindow[]; safetyMs?: number } = {}) {
    this.conversationWindows = options.conversationWindows ?? TEAMS_CONVERSATION_WINDOWS;
    this.tenantWindows = options.tenantWindows ?? TEAMS_TENANT_WINDOWS;
    // Requests reach Teams with some jitter, so a window measured there can hold one more than ours did. Measured
    // in the delivery benchmark: 20 ms gave ~15 429s per 2,000 sends under load, 75 ms none, for ~7 % of the rate.
    this.safetyMs = options.safetyMs ?? 75;
    this.longestMs = Math.max(...[...this.conversationWindows, ...this.tenantWindows].map((window) => window.windowMs));
  }

  /** Earliest time (epoch ms, ≥ now) at which one more send to this conversation in this tenant stays within every window. */
  earliestSendAt(conversationKey: string, tenantKey: string, now: number): number {
    return Math.max(now, this.earliestFor(this.conversations.get(conversationKey), this.conversationWindows), this.earliestFor(this.tenants.get(tenantKey), this.tenantWindows));
  }

  /** Records a send made at `at` (call right before sending). */
  record(conversationKey: string, tenantKey: string, at: number): void {
    this.append(this.conversations, conversationKey, at, this.conversationWindows);
    this.append(this.tenants, tenantKey, at, this.tenantWindows);
  }

  /** After a 429 with Retry-After: no sends to the conversation before `until`. */
  holdConversation(conversationKey: string, until: number): void {
    const history = this.historyOf(this.conversations, conversationKey);
    history.heldUntil = Math.max(history.heldUntil, until);
  }

  /** Forgets what no window can count any more; keeps memory bounded for many conversations. */
  prune(now: number): void {
    for (const map of [this.conversations, this.tenants]) {
      for (const [key, history] of map) {
        const last = history.times[history.times.length - 1] ?? -Infinity;
        if (last + this.longestMs <= now && history.heldUntil <= now) map.delete(key);
      }
    }
  }

  private earliestFor(history: History | undefined, windows: readonly RateWindow[]): number {
    if (!history) return 0;
    let earliest = history.heldUntil;
    const times = history.times;
    for (const window of windows) {
      if (times.length < window.limit) continue;
      // The send `limit` places back must have left the window before another may go.
      const blocking = times[times.length - window.limit]!;
      earliest = Math.max(earliest, blocking + window.windowMs + this.safetyMs);
    }
    return earliest;
  }

  private append(map: Map<string, History>, key: string, at: number, windows: readonly RateWindow[]): void {
    const history = this.historyOf(map, key);
    history.times.push(at);
    const keep = Math.max(...windows.map((window) => window.limit));
    if (history.times.length > keep * 2) history.times.splice(0, history.times.length - keep);
  }

  private historyOf(map: Map<string, History>, key: string): History {
    let history = map.get(key);
    if (!history) {
      history = { times: [], heldUntil: 0 };
      map.set(key, history);
    }
    return history;
  }
}
