/** All request bodies being read at once may hold at most this much memory (the largest single body is 4 MB). */
const BODY_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Bytes of request bodies held in memory across all requests being read. Each body is bounded by its route's limit
 * and the read deadline, but many slow bodies together could still exhaust memory; past the limit a body is refused
 * (503, retry later) instead.
 */
export class BodyMemory {
  private held = 0;

  constructor(readonly limitBytes = BODY_MEMORY_LIMIT_BYTES) {}

  /** Takes `bytes` more if they fit under the limit. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limitBytes) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }

  get heldBytes(): number {
    return this.held;
  }
}

/** The one budget for the process's HTTP server. */
export const bodyMemory = new BodyMemory();
