import type { Logger } from './logger.js';

/** Warn lines per kind of refusal per window: enough to see who is knocking, too few to fill a disk. */
export const REFUSALS_LOGGED_PER_WINDOW = 50;
const REFUSAL_WINDOW_MS = 60_000;

type Kind = { logged: number; unlogged: number; log: Logger };

/**
 * Logs refusals of requests anyone can send (no key, bad body, unknown path, bad signature) at warn, at most
 * `perWindow` lines per kind (the log message) per window. The rest are counted, and when the window is over one
 * line per kind says how many were not logged. Logging every one would let anyone fill the disk through the log.
 */
export class RefusalLog {
  private readonly kinds = new Map<string, Kind>();
  private windowStart: number;
  private summaryTimer: NodeJS.Timeout | null = null;
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: { perWindow?: number; windowMs?: number; now?: () => number } = {}) {
    this.perWindow = options.perWindow ?? REFUSALS_LOGGED_PER_WINDOW;
    this.windowMs = options.windowMs ?? REFUSAL_WINDOW_MS;
    this.now = options.now ?? Date.now;
    this.windowStart = this.now();
  }

  warn(log: Logger, fields: Record<string, unknown>, message: string): void {
    if (this.now() - this.windowStart >= this.windowMs) this.endWindow();
    const kind = this.kinds.get(message) ?? { logged: 0, unlogged: 0, log };
    this.kinds.set(message, kind);
    if (kind.logged < this.perWindow) {
      kind.logged++;
      log.warn(fields, message);
      return;
    }
    kind.unlogged++;
    kind.log = log;
    this.summaryTimer ??= setTimeout(() => this.endWindow(), Math.max(0, this.windowStart + this.windowMs - this.now())).unref();
  }

  private endWindow(): void {
    const seconds = Math.round((this.now() - this.windowStart) / 1000);
    for (const [message, kind] of this.kinds) {
      if (kind.unlogged > 0) kind.log.warn({ refusal: message, notLogged: kind.unlogged, seconds }, 'more refusals of this kind were not logged one by one');
    }
    this.kinds.clear();
    this.windowStart = this.now();
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
  }
}

/** The one sampler for the process's HTTP server. */
export const refusalLog = new RefusalLog();
