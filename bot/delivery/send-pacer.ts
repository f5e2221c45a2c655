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

export type SendPacerOptions = { conversationWindows?: readonly RateWindow[]; tenantWindows?: readonly RateWindow[]; safetyMs?: number };

/**
 * The last `capacity` send times of one key, oldest first, in a ring that grows up to its capacity and then
 * overwrites its oldest entry. Only the last `limit` sends can decide a window, so nothing older is needed.
 */
class SendTimes {
  private readonly times: number[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.times.length;
  }

  /** The k-th most recent send time (k = 1 is the newest); `size >= k >= 1`. */
  recent(k: number): number {
    return this.times[(this.head + this.times.length - k) % this.times.length]!;
  }

  add(at: number): void {
    if (this.capacity === 0) return;
    if (this.times.length === this.capacity) {
      // Older than everything kept: it cannot be among the last `capacity` sends.
      if (at <= this.recent(this.capacity)) return;
      this.times[this.head] = at;
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.times.push(at);
    }
    // Sends are recorded in time order in practice; keep the ring sorted if one arrives late.
    for (let k = 1; k < this.times.length && this.recent(k + 1) > this.recent(k); k++) this.swap(k, k + 1);
  }

  private swap(a: number, b: number): void {
    const length = this.times.length;
    const i = (this.head + length - a) % length;
    const j = (this.head + length - b) % length;
    [this.times[i], this.times[j]] = [this.times[j]!, this.times[i]!];
  }
}

type History = { times: SendTimes; heldUntil: number };

/** Which windows apply to a kind of key (conversation or tenant), and what is remembered per key. */
class Scope {
  private readonly histories = new Map<string, History>();
  private readonly capacity: number;
  private readonly longestMs: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.capacity = Math.max(0, ...windows.map((window) => window.limit));
    this.longestMs = Math.max(0, ...windows.map((window) => window.windowMs));
  }

  earliest(key: string, safetyMs: number): number {
    const history = this.histories.get(key);
    if (!history) return -Infinity;
    let earliest = history.heldUntil;
    for (const window of this.windows) {
      if (history.times.size < window.limit) continue;
      // One more send fits once the send `limit` places back has left the window.
      earliest = Math.max(earliest, history.times.recent(window.limit) + window.windowMs + safetyMs);
    }
    return earliest;
  }

  record(key: string, at: number): void {
    this.historyOf(key).times.add(at);
  }

  hold(key: string, until: number): void {
    const history = this.historyOf(key);
    history.heldUntil = Math.max(history.heldUntil, until);
  }

  prune(now: number): void {
    for (const [key, history] of this.histories) {
      const newest = history.times.size > 0 ? history.times.recent(1) : -Infinity;
      if (newest + this.longestMs <= now && history.heldUntil <= now) this.histories.delete(key);
    }
  }

  private historyOf(key: string): History {
    let history = this.histories.get(key);
    if (!history) {
      history = { times: new SendTimes(this.capacity), heldUntil: -Infinity };
      this.histories.set(key, history);
    }
    return history;
  }
}

/**
 * Paces sends under sliding-window limits: a send at time t counts in a window while now < t + windowMs. Each
 * check costs one look per window, however many sends or conversations there are.
 */
export class SendPacer {
  private readonly conversations: Scope;
  private readonly tenants: Scope;
  private readonly safetyMs: number;

  constructor(options: SendPacerOptions = {}) {
    this.conversations = new Scope(options.conversationWindows ?? TEAMS_CONVERSATION_WINDOWS);
    this.tenants = new Scope(options.tenantWindows ?? TEAMS_TENANT_WINDOWS);
    // A request reaches Teams some milliseconds after we record it, and not always equally late, so a window as
    // Teams measures it can hold one send more than ours did. The margin absorbs that jitter: in the delivery
    // benchmark (2,000 sends at the 50/s tenant limit) 20 ms drew 13 429s and 75 ms one, for ~5 % of throughput.
    this.safetyMs = options.safetyMs ?? 75;
  }

  /** Earliest time (epoch ms, ≥ now) at which one more send to this conversation in this tenant stays within every window. */
  earliestSendAt(conversationKey: string, tenantKey: string, now: number): number {
    return Math.max(now, this.conversations.earliest(conversationKey, this.safetyMs), this.tenants.earliest(tenantKey, this.safetyMs));
  }

  /** Records a send made at `at` (call right before sending). */
  record(conversationKey: string, tenantKey: string, at: number): void {
    this.conversations.record(conversationKey, at);
    this.tenants.record(tenantKey, at);
  }

  /** After a 429 with Retry-After: no sends to the conversation before `until`. */
  holdConversation(conversationKey: string, until: number): void {
    this.conversations.hold(conversationKey, until);
  }

  /** Forgets every key no window counts any more and no hold covers; call now and then to bound memory. */
  prune(now: number): void {
    this.conversations.prune(now);
    this.tenants.prune(now);
  }
}
