import { isBusyError } from '../sql/store-busy.js';

export type Outcome<R> = { ok: true; result: R } | { ok: false; error: unknown };

/**
 * The units of a batch one after the other (`run`: each in its savepoint): a busy failure ends the batch (rethrown,
 * so nothing of it commits), any other failure is that unit's outcome only.
 */
export async function eachUnitOf<W, R>(works: readonly W[], run: (work: W) => Promise<R>): Promise<Outcome<R>[]> {
  const outcomes: Outcome<R>[] = [];
  for (const work of works) {
    try {
      outcomes.push({ ok: true, result: await run(work) });
    } catch (error) {
      if (isBusyError(error)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

type Waiting<W, R> = { work: W; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Units of work that arrive in the same tick are committed together in one transaction — one fsync for the batch —
 * each in its own savepoint, so one failing unit cannot take the others down (the engine's `commitBatch` does that).
 * One batch is in flight at a time: units that arrive while it commits wait and form the next batch (write units run
 * one at a time anyway — SQLite's one writer, PostgreSQL's audit chain lock — so on PostgreSQL they wait here instead
 * of each holding a pool client in the lock's queue). A caller's promise settles only after the commit, so nobody is
 * told "done" about something that is not on disk. When the batch as a whole fails (the store is busy: another
 * process holds the write lock) every caller gets that error and nothing of the batch was written; each caller
 * decides whether to try again or to answer "try again".
 */
export class GroupCommit<W, R> {
  private waiting: Waiting<W, R>[] = [];
  private busy = false;

  constructor(private readonly commitBatch: (works: readonly W[]) => Promise<Outcome<R>[]>) {}

  submit(work: W): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ work, resolve, reject });
      if (!this.busy && this.waiting.length === 1) setImmediate(() => void this.commitWaiting());
    });
  }

  private async commitWaiting(): Promise<void> {
    if (this.busy || this.waiting.length === 0) return;
    this.busy = true;
    const batch = this.waiting;
    this.waiting = [];
    try {
      const outcomes = await this.commitBatch(batch.map(({ work }) => work));
      batch.forEach(({ resolve, reject }, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) resolve(outcome.result);
        else reject(outcome.error);
      });
    } catch (error) {
      batch.forEach(({ reject }) => reject(error));
    } finally {
      this.busy = false;
      if (this.waiting.length > 0) setImmediate(() => void this.commitWaiting());
    }
  }
}
