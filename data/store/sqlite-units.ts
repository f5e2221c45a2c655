import type { CommitSignal } from '../sql/commit-signal.js';
import type { Invoke } from './async-repositories.js';
import { ConnectionLock } from './connection-lock.js';
import { eachUnitOf, type Outcome } from './group-commit.js';
import type { Db } from './open-database.js';
import { inSavepoint } from '../sqlite/savepoint.js';
import { asStoreBusy } from '../sql/store-busy.js';
import { refuseInsideUnitOf, TxOutsideUnit, within } from './unit-checks.js';

/** A unit of work in progress on one store's connection (or a savepoint of one, in a group commit). */
type Frame = { readonly owner: SqliteUnits<unknown>; open: boolean; savepoints: number };

/**
 * Units of work on SQLite's one connection: BEGIN, the asynchronous body, COMMIT — with the connection lock held
 * throughout, so no other caller's statement lands in between. The body gets a `tx` of its own (`txOf`), bound to its
 * unit: its calls run directly (they are synchronous underneath, so the body holds the connection for microtasks
 * only), and once the unit has ended they are refused with TxOutsideUnit. The store's own calls inside a unit would
 * wait for it forever; with the checks on (unit-checks.ts) they are refused with StoreUsedInsideUnit.
 */
export class SqliteUnits<X> {
  private readonly lock = new ConnectionLock();

  constructor(
    private readonly db: Db,
    private readonly committed: CommitSignal,
    private readonly txOf: (invoke: Invoke) => X,
  ) {}

  /** A store call from outside any unit: alone on the connection. */
  outside<R>(call: () => R): Promise<Awaited<R>> {
    try {
      refuseInsideUnitOf(this);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.lock.run(call) as Promise<Awaited<R>>;
  }

  /** Long work that needs the connection to itself (an import): waits its turn, then holds the lock until done. */
  exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    return this.outside(work) as Promise<T>;
  }

  /** One unit of work (DEFERRED, as better-sqlite3's transactions). */
  async transaction<T>(work: (tx: X) => Promise<T>): Promise<T> {
    refuseInsideUnitOf(this);
    return this.lock.run(() => this.committed.unit(() => this.whole('BEGIN', (frame) => this.bodyOf(frame, work))));
  }

  /** Several reads against one committed state. */
  async snapshot<T>(read: (reads: X) => Promise<T>): Promise<T> {
    refuseInsideUnitOf(this);
    return this.lock.run(() => this.whole('BEGIN DEFERRED', (frame) => this.bodyOf(frame, read)));
  }

  /**
   * Group commit: every unit in one IMMEDIATE transaction (the write lock is taken first, so a unit that reads before
   * it writes, like the audit chain's head, never reads a state another process's commit has made stale), each in a
   * savepoint. A busy failure anywhere fails the whole batch with StoreBusy; any other failure only its own unit.
   */
  commitBatch<T>(works: readonly ((tx: X) => Promise<T>)[]): Promise<Outcome<T>[]> {
    return this.lock.run(() =>
      this.committed.unit(async () => {
        try {
          return await this.whole('BEGIN IMMEDIATE', (frame) => eachUnitOf(works, (work) => this.savepoint(frame, work)));
        } catch (error) {
          throw asStoreBusy(error);
        }
      }),
    );
  }

  private async whole<T>(begin: string, body: (frame: Frame) => Promise<T>): Promise<T> {
    this.db.exec(begin);
    const frame: Frame = { owner: this, open: true, savepoints: 0 };
    try {
      const result = await body(frame);
      frame.open = false;
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      frame.open = false;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Runs `work` with a tx bound to `frame`, as inside it for the checks. */
  private bodyOf<T>(frame: Frame, work: (tx: X) => Promise<T>): Promise<T> {
    return within(frame, () => work(this.txOf(boundTo(frame))));
  }

  /** Units of a batch run one after the other, each in a savepoint (and with a tx of its own) of the batch's unit. */
  private savepoint<T>(batch: Frame, work: (tx: X) => Promise<T>): Promise<T> {
    const name = `unit_${++batch.savepoints}`;
    const frame: Frame = { owner: this, open: true, savepoints: 0 };
    return this.committed
      .unit(() => inSavepoint(this.db, name, () => this.bodyOf(frame, work)))
      .finally(() => {
        frame.open = false;
        batch.savepoints--;
      });
  }
}

/** A tx's calls: run directly while its unit is open, refused after. */
function boundTo(frame: Frame): Invoke {
  return <R>(call: () => R) => {
    if (!frame.open) return Promise.reject(new TxOutsideUnit());
    try {
      return Promise.resolve(call()) as Promise<Awaited<R>>;
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
