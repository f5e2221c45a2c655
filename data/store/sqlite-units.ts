import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommitSignal } from '../sql/commit-signal.js';
import { ConnectionLock } from './connection-lock.js';
import type { Outcome } from './group-commit.js';
import type { Db } from './open-database.js';
import { inSavepoint } from '../sqlite/savepoint.js';
import { asStoreBusy, isBusyError } from '../sql/store-busy.js';

/** A unit of work in progress on one store's connection. */
type Frame = { readonly units: SqliteUnits; open: boolean; savepoints: number };

const current = new AsyncLocalStorage<Frame>();

/** The store itself was called inside one of its own units of work, where only `tx` may be used. */
export class StoreUsedInsideUnit extends Error {
  override readonly name = 'StoreUsedInsideUnit';
  constructor() {
    super('the store was called inside one of its own units of work: use the unit\'s tx (the store would wait for the unit, which waits for it)');
  }
}

/** `tx` was used after its unit of work had ended, or outside any. */
export class TxOutsideUnit extends Error {
  override readonly name = 'TxOutsideUnit';
  constructor() {
    super('a tx was used outside its unit of work (after it committed or rolled back)');
  }
}

/**
 * Units of work on SQLite's one connection: BEGIN, the asynchronous body, COMMIT — with the connection lock held
 * throughout, so no other caller's statement lands in between. The body sees the unit through AsyncLocalStorage:
 * `tx` calls run directly (they are synchronous underneath, so the body holds the connection for microtasks
 * only), the store's own calls are refused with StoreUsedInsideUnit instead of waiting forever for the unit.
 */
export class SqliteUnits {
  private readonly lock = new ConnectionLock();

  constructor(
    private readonly db: Db,
    private readonly committed: CommitSignal,
  ) {}

  /** A store call from outside any unit: alone on the connection. */
  outside<R>(call: () => R): Promise<Awaited<R>> {
    const frame = current.getStore();
    if (frame?.units === this && frame.open) return Promise.reject(new StoreUsedInsideUnit());
    return this.lock.run(call) as Promise<Awaited<R>>;
  }

  /** A call through `tx`: directly, inside the unit of work it belongs to. */
  inside<R>(call: () => R): Promise<Awaited<R>> {
    const frame = current.getStore();
    if (frame?.units !== this || !frame.open) return Promise.reject(new TxOutsideUnit());
    try {
      return Promise.resolve(call()) as Promise<Awaited<R>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Long work that needs the connection to itself (an import): waits its turn, then holds the lock until done. */
  exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    return this.outside(work) as Promise<T>;
  }

  /** One unit of work (DEFERRED, as better-sqlite3's transactions); inside another unit it is a savepoint of that one. */
  async transaction<T, X>(tx: X, work: (tx: X) => Promise<T>): Promise<T> {
    const frame = current.getStore();
    if (frame?.units === this && frame.open) return this.savepoint(frame, tx, work);
    return this.lock.run(() => this.committed.unit(() => this.whole('BEGIN', tx, work)));
  }

  /** Several reads against one committed state. Inside a unit of work they simply read in it. */
  async snapshot<T, X>(tx: X, read: (reads: X) => Promise<T>): Promise<T> {
    const frame = current.getStore();
    if (frame?.units === this && frame.open) return read(tx);
    return this.lock.run(() => this.whole('BEGIN DEFERRED', tx, read));
  }

  /**
   * Group commit: every unit in one IMMEDIATE transaction (the write lock is taken first, so a unit that reads before
   * it writes, like the audit chain's head, never reads a state another process's commit has made stale), each in a
   * savepoint. A busy failure anywhere fails the whole batch with StoreBusy; any other failure only its own unit.
   */
  commitBatch<T, X>(tx: X, works: readonly ((tx: X) => Promise<T>)[]): Promise<Outcome<T>[]> {
    return this.lock.run(() =>
      this.committed.unit(async () => {
        const outcomes: Outcome<T>[] = [];
        try {
          await this.whole('BEGIN IMMEDIATE', tx, async () => {
            const frame = current.getStore()!;
            for (const work of works) {
              try {
                outcomes.push({ ok: true, result: await this.savepoint(frame, tx, work) });
              } catch (error) {
                if (isBusyError(error)) throw error;
                outcomes.push({ ok: false, error });
              }
            }
          });
        } catch (error) {
          throw asStoreBusy(error);
        }
        return outcomes;
      }),
    );
  }

  private async whole<T, X>(begin: string, tx: X, work: (tx: X) => Promise<T>): Promise<T> {
    this.db.exec(begin);
    const frame: Frame = { units: this, open: true, savepoints: 0 };
    try {
      const result = await current.run(frame, () => work(tx));
      frame.open = false;
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      frame.open = false;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Units inside a unit run one after the other (savepoints nest; they cannot interleave). */
  private savepoint<T, X>(frame: Frame, tx: X, work: (tx: X) => Promise<T>): Promise<T> {
    const name = `unit_${++frame.savepoints}`;
    return this.committed
      .unit(() => inSavepoint(this.db, name, () => work(tx)))
      .finally(() => frame.savepoints--);
  }
}
