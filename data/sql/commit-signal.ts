/** What a committed unit of work wrote that someone may be waiting for. */
export type Wrote = { outbox: boolean; announcementSends: boolean };

/** How a repository notes a write that listeners wait for. */
export type WriteNotes = { wrote(what: keyof Wrote): void };

export type CommittedListener = (wrote: Wrote) => void;

const NOTHING: Wrote = { outbox: false, announcementSends: false };

/**
 * Tells listeners, after COMMIT, that a unit of work wrote outbox rows or scheduled announcement sends, so the
 * outbox worker and the announcement scheduler wake because of the commit, not because a caller remembered to wake
 * them. A rolled-back unit (or savepoint) tells nobody. A write outside any unit commits on its own; it is told a
 * microtask later, when a synchronous transaction around it (a repository's own) has ended. Polling stays the safety
 * net for writes by other processes.
 */
export class CommitSignal implements WriteNotes {
  private pending: Wrote = NOTHING;
  private depth = 0;
  private readonly listeners = new Set<CommittedListener>();

  constructor(private readonly inTransaction: () => boolean) {}

  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A repository wrote something a listener waits for (in the current transaction, if there is one). */
  wrote(what: keyof Wrote): void {
    this.pending = { ...this.pending, [what]: true };
    if (this.depth === 0) queueMicrotask(() => this.tellIfCommitted());
  }

  /**
   * Runs a unit of work (or a savepoint within one) that ends with its COMMIT (or RELEASE); listeners hear of its
   * writes once the outermost unit has committed. Units do not overlap (the store's connection lock).
   */
  async unit<T>(run: () => Promise<T>): Promise<T> {
    const before = this.pending;
    this.depth++;
    let result: T;
    try {
      result = await run();
    } catch (error) {
      this.pending = before;
      throw error;
    } finally {
      this.depth--;
    }
    if (this.depth === 0) this.tellIfCommitted();
    return result;
  }

  private tellIfCommitted(): void {
    if (this.depth > 0 || this.inTransaction()) return;
    const wrote = this.pending;
    if (!wrote.outbox && !wrote.announcementSends) return;
    this.pending = NOTHING;
    for (const listener of this.listeners) listener(wrote);
  }
}
