export type Outcome<R> = { ok: true; result: R } | { ok: false; error: unknown };

type Waiting<W, R> = { work: W; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Units of work that arrive in the same tick are committed together in one transaction — one fsync for the batch —
 * each in its own savepoint, so one failing unit cannot take the others down (the engine's `commitBatch` does that).
 * A caller's promise settles only after the commit, so nobody is told "done" about something that is not on disk.
 * When the batch as a whole fails (the store is busy: another process holds the write lock) every caller gets that
 * error and nothing of the batch was written; each caller decides whether to try again or to answer "try again".
 */
export class GroupCommit<W, R> {
  private waiting: Waiting<W, R>[] = [];

  constructor(private readonly commitBatch: (works: readonly W[]) => Promise<Outcome<R>[]>) {}

  submit(work: W): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ work, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.commitWaiting());
    });
  }

  private async commitWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.commitBatch(batch.map(({ work }) => work));
    } catch (error) {
      batch.forEach(({ reject }) => reject(error));
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  }
}
