import type { Db } from './open-database.js';
import { asStoreBusy, isBusyError } from './store-busy.js';

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Writes that arrive in the same tick are committed together in one transaction — one fsync for the batch — each
 * in its own savepoint, so one failing item cannot take the others down. A caller's promise settles only after the
 * commit, so nobody is told "done" about something that is not on disk. When the store is busy (another process
 * holds the write lock) the whole batch is rolled back and every caller gets StoreBusy: nothing was written, and
 * each caller decides whether to try again or to answer "try again".
 */
export class GroupCommit<T, R> {
  private waiting: Waiting<T, R>[] = [];

  constructor(
    private readonly db: Db,
    private readonly write: (item: T) => R,
    /** Runs the batch and each item as a unit of work (the store's tells its commit listeners after the batch's commit). */
    private readonly asUnit: <U>(run: () => U) => U = (run) => run(),
  ) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.commitWaiting());
    });
  }

  private commitWaiting(): void {
    const batch = this.waiting;
    this.waiting = [];
    const outcomes: ({ ok: true; result: R } | { ok: false; error: unknown })[] = [];
    try {
      // IMMEDIATE: the write lock is taken (or waited for) first, so a write that reads before it writes (the audit
      // chain's head) never holds a read snapshot that another process's commit has made stale.
      this.asUnit(() =>
        this.db
          .transaction(() => {
            for (const { item } of batch) {
              try {
                outcomes.push({ ok: true, result: this.db.transaction(() => this.asUnit(() => this.write(item)))() });
              } catch (error) {
                if (isBusyError(error)) throw error;
                outcomes.push({ ok: false, error });
              }
            }
          })
          .immediate(),
      );
    } catch (error) {
      const failure = asStoreBusy(error);
      batch.forEach(({ reject }) => reject(failure));
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  }
}
