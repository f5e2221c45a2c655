import type { Outcome } from '../store/group-commit.js';

type Waiting<W, R> = { work: W; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Group commit (data/store/group-commit.ts) with one batch in flight per instance: units that arrive while a batch
 * holds the audit chain's lock wait here and form the next batch, instead of each taking a pool client to queue on
 * that lock (write units run one at a time anyway). Readers keep the pool, and a busy instance commits many units per
 * lock, BEGIN and COMMIT.
 */
export class OneBatchInFlight<W, R> {
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
