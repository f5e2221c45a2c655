import { randomUUID } from 'node:crypto';
import type { CommittedListener, WriteNotes, Wrote } from '../sql/commit-signal.js';
import { eachUnitOf, type Outcome } from '../store/group-commit.js';
import { refuseInsideUnitOf, TxOutsideUnit, within, type CheckedUnit } from '../store/unit-checks.js';
import { isBusyError } from '../sql/store-busy.js';
import type { AtomicOptions, Sql, SqlParams } from '../sql/sql.js';
import type { NamedParameters } from '../sql/named-parameters.js';
import type { PgPool, PgQueryable } from './driver/pg-pool.js';
import { transaction, type Isolation } from './driver/pg-transaction.js';
import { PgSql, SERIALISE_ON } from './pg-sql.js';
import { NOTIFY_WAKE, wakePayload } from './wake-channel.js';
import { AUDIT_CHAIN_LOCK } from '../repositories/audit-log.js';

const NOTHING: Wrote = { outbox: false, announcementSends: false };
const WRITES = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/** A unit's transaction. `chainLocked`: it took AUDIT_CHAIN_LOCK first (held until it ends: taking it again is skipped). */
type Unit = { readonly sql: PgSql; savepoints: number; readonly chainLocked: boolean };

/**
 * One frame of a store: a unit of work (a transaction, a savepoint of one, a read snapshot) or a single store call
 * outside any (statements on the pool, each committing on its own). It is the Sql and the WriteNotes the repositories
 * are bound to for it (frame-repositories.ts): its statements go to its unit's client or to the pool, and it collects
 * what they wrote that listeners wait for, told once it has committed. Being bound, not looked up, it needs no
 * AsyncLocalStorage (on Node 20 that puts promise hooks on every promise of the process).
 */
export class PgFrame implements Sql, PgQueryable, WriteNotes, CheckedUnit {
  readonly dialect = 'postgres' as const;
  open = true;
  written: Wrote = NOTHING;
  /** Of `written`, what statements outside any transaction committed by themselves: other instances are told after. */
  autocommitted: Wrote = NOTHING;

  constructor(
    readonly owner: PgUnits,
    readonly unit: Unit | null,
    /** An open frame this one's writes are handed to once committed (a repository's atomic inside a single call). */
    readonly parent: PgFrame | null,
  ) {}

  async all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    const rows = await this.here().all<Row>(sql, params);
    // INSERT … RETURNING: one row per row written.
    if (WRITES.test(sql)) this.owner.counted(rows.length);
    return rows;
  }

  async get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    // Held until the transaction ends: in a unit that took it first, asking again needs no round trip. (Taken later,
    // in a savepoint, a rollback to that savepoint gives it back, so only the first statement's lock is remembered.)
    if (sql === AUDIT_CHAIN_LOCK && this.unit?.chainLocked) return { changes: 0 };
    const result = await this.here().run(sql, params);
    if (WRITES.test(sql)) this.owner.counted(result.changes);
    return result;
  }

  /** For PgGuideRepository, which is written over PgQueryable. */
  query<Row = Record<string, unknown>>(sql: string, params?: NamedParameters): Promise<Row[]> {
    return this.all<Row>(sql, params);
  }

  /** Inside a unit a savepoint of it (or the unit itself with joinUnit); outside a transaction frame of its own. */
  atomic<T>(work: (sql: Sql) => Promise<T>, options?: AtomicOptions): Promise<T> {
    if (this.unit) return this.unit.sql.atomic(() => work(this), options);
    return this.owner.atomic(this, work, options);
  }

  wrote(what: keyof Wrote): void {
    if (this.written[what]) return;
    this.written = { ...this.written, [what]: true };
    if (!this.unit) this.autocommitted = { ...this.autocommitted, [what]: true };
  }

  private here(): PgSql {
    if (!this.unit) return this.owner.overPool;
    if (!this.open) throw new TxOutsideUnit();
    return this.unit.sql;
  }
}

/**
 * Units of work on PostgreSQL, with the rules SQLite's (data/store/sqlite-units.ts) has: each unit's body gets its own
 * frame (and the store a `tx` over it), so a tx kept past its unit is refused (TxOutsideUnit); the store's own calls
 * inside a unit are refused (StoreUsedInsideUnit) where unit-checks.ts is on (the tests), and so are a transaction or a
 * snapshot inside a unit (on PostgreSQL they would wait for the audit chain's lock the unit holds). Unlike SQLite's one
 * connection, units and single calls run side by side (the pool), each unit SERIALIZABLE: a conflict ends as StoreBusy.
 */
export class PgUnits {
  private readonly listeners = new Set<CommittedListener>();
  private written = 0;
  /** This store's id in wake notifications (wake-channel.ts): other instances' listeners hear what it committed. */
  readonly self = randomUUID();
  /** Where frames outside any unit send their statements. */
  readonly overPool: PgSql;

  /** `onNotifyFailed`: a wake notification after writes outside a unit could not be sent (others see them at their next poll). */
  constructor(
    private readonly pool: PgPool,
    private readonly onNotifyFailed: (error: unknown) => void = () => undefined,
  ) {
    this.overPool = PgSql.overPool(pool);
  }

  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rows inserted, updated or deleted by this store's statements (also those of units that rolled back, as SQLite's total_changes()). */
  writesSoFar(): number {
    return this.written;
  }

  /** A store call from outside any unit: its statements on the pool; what it wrote is told once it has settled. */
  async outside<R>(call: (frame: PgFrame) => R): Promise<Awaited<R>> {
    refuseInsideUnitOf(this);
    const frame = new PgFrame(this, null, null);
    try {
      return await call(frame);
    } finally {
      // Its statements committed one by one, also those before a failure.
      frame.open = false;
      this.tell(frame.written);
      this.notifyOthers(frame.autocommitted);
    }
  }

  /** One unit of work (SERIALIZABLE). */
  async transaction<T>(work: (frame: PgFrame) => Promise<T>): Promise<T> {
    refuseInsideUnitOf(this);
    return this.whole(null, work, { chainFirst: true });
  }

  /**
   * `Sql.atomic` of a frame outside any unit: a transaction of its own, its writes handed to that frame after its
   * COMMIT. With `serialiseOn` the key's advisory lock is its first statement and the transaction READ COMMITTED (set
   * before anything has read).
   */
  async atomic<T>(parent: PgFrame, work: (sql: Sql) => Promise<T>, options: AtomicOptions = {}): Promise<T> {
    refuseInsideUnitOf(this);
    const key = options.serialiseOn;
    if (key === undefined) return this.whole(parent, work, { chainFirst: true });
    const serialised = async (frame: PgFrame) => {
      await frame.run(SERIALISE_ON, { key });
      return work(frame);
    };
    return this.whole(parent, serialised, { isolation: 'read committed' });
  }

  /** Several reads against one committed state (REPEATABLE READ READ ONLY). */
  async snapshot<T>(read: (frame: PgFrame) => Promise<T>): Promise<T> {
    refuseInsideUnitOf(this);
    return transaction(
      this.pool,
      async (client) => {
        const frame = new PgFrame(this, { sql: PgSql.inTransaction(client), savepoints: 0, chainLocked: false }, null);
        try {
          return await within(frame, () => read(frame));
        } finally {
          frame.open = false;
        }
      },
      { isolation: 'repeatable read read only' },
    );
  }

  /**
   * Group commit: the units in one SERIALIZABLE transaction, each in a savepoint. A busy failure anywhere (or at
   * COMMIT) rejects the whole batch with StoreBusy and nothing of it was written; any other failure only its unit.
   * (Called by GroupCommit; the store's commitGrouped checks where it is called from.)
   */
  async commitBatch<T>(works: readonly ((frame: PgFrame) => Promise<T>)[]): Promise<Outcome<T>[]> {
    if (works.length === 1) {
      // A batch of one: its transaction is its savepoint (two round trips fewer while it holds the chain's lock).
      try {
        return [{ ok: true, result: await this.whole(null, works[0]!, { chainFirst: true }) }];
      } catch (error) {
        if (isBusyError(error)) throw error;
        return [{ ok: false, error }];
      }
    }
    return this.whole(
      null,
      (frame) => eachUnitOf(works, (work) => this.savepoint(frame, work)),
      { chainFirst: true },
    );
  }

  /** Counts the rows a statement of this store wrote. */
  counted(changes: number): void {
    this.written += changes;
  }

  /** Another instance committed writes (heard through its wake notification): told as if committed here. */
  heard(wrote: Wrote): void {
    this.tell(wrote);
  }

  /**
   * One transaction. `chainFirst`: its first statement takes the audit chain's lock (AUDIT_CHAIN_LOCK), before anything
   * fixes the SERIALIZABLE snapshot, so write units queue on the chain instead of conflicting on its head and being
   * retried; a write unit is short (it awaits only its tx), so this is SQLite's one writer at a time, across instances.
   * The lock is sent with BEGIN (one round trip), and AuditLog's own request for it inside the unit is skipped.
   */
  private async whole<T>(parent: PgFrame | null, work: (frame: PgFrame) => Promise<T>, options: { chainFirst?: boolean; isolation?: Isolation }): Promise<T> {
    let frame: PgFrame | undefined;
    const chainLocked = options.chainFirst === true;
    const result = await transaction(
      this.pool,
      async (client) => {
        const unit = (frame = new PgFrame(this, { sql: PgSql.inTransaction(client), savepoints: 0, chainLocked }, parent));
        let value: T;
        try {
          value = await within(unit, () => work(unit));
        } finally {
          unit.open = false;
        }
        // In the transaction, so other instances hear of it on COMMIT and never of a rollback.
        if (unit.written.outbox || unit.written.announcementSends) await client.run(NOTIFY_WAKE, { payload: wakePayload(this.self, unit.written) });
        return value;
      },
      { ...(options.isolation ? { isolation: options.isolation } : {}), ...(chainLocked ? { withBegin: AUDIT_CHAIN_LOCK } : {}) },
    );
    // Committed: a transaction inside a single call (a repository's atomic) hands its writes to that call's frame.
    if (parent?.open) parent.written = merged(parent.written, frame!.written);
    else this.tell(frame!.written);
    return result;
  }

  /** Units inside a batch run one after the other (savepoints nest; they cannot interleave). */
  private async savepoint<T>(parent: PgFrame, work: (frame: PgFrame) => Promise<T>): Promise<T> {
    const unit = parent.unit!;
    const name = `unit_${++unit.savepoints}`;
    const frame = new PgFrame(this, unit, parent);
    try {
      await unit.sql.run(`SAVEPOINT ${name}`);
      try {
        const result = await within(frame, () => work(frame));
        await unit.sql.run(`RELEASE SAVEPOINT ${name}`);
        parent.written = merged(parent.written, frame.written);
        return result;
      } catch (error) {
        // After a failed statement only this gives the transaction back; if it fails too, the unit fails anyway.
        await unit.sql
          .run(`ROLLBACK TO SAVEPOINT ${name}`)
          .then(() => unit.sql.run(`RELEASE SAVEPOINT ${name}`))
          .catch(() => undefined);
        throw error;
      }
    } finally {
      frame.open = false;
      unit.savepoints--;
    }
  }

  /**
   * After statements that committed by themselves. Not awaited: the caller is not held up by a round trip for other
   * instances, and a lost notification only delays them until their next poll (reported to onNotifyFailed).
   */
  private notifyOthers(wrote: Wrote): void {
    if (!wrote.outbox && !wrote.announcementSends) return;
    void this.pool.run(NOTIFY_WAKE, { payload: wakePayload(this.self, wrote) }).then(
      () => undefined,
      (error: unknown) => this.onNotifyFailed(error),
    );
  }

  private tell(wrote: Wrote): void {
    if (!wrote.outbox && !wrote.announcementSends) return;
    for (const listener of this.listeners) listener(wrote);
  }
}

function merged(a: Wrote, b: Wrote): Wrote {
  return { outbox: a.outbox || b.outbox, announcementSends: a.announcementSends || b.announcementSends };
}
