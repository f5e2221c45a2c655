import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { CommittedListener, WriteNotes, Wrote } from '../sql/commit-signal.js';
import type { Outcome } from '../store/group-commit.js';
import { StoreUsedInsideUnit, TxOutsideUnit } from '../store/unit-checks.js';
import { isBusyError } from '../sql/store-busy.js';
import type { AtomicOptions, Sql, SqlParams } from '../sql/sql.js';
import type { NamedParameters } from '../sql/named-parameters.js';
import type { PgPool, PgQueryable } from './driver/pg-pool.js';
import { transaction, type Isolation } from './driver/pg-transaction.js';
import { PgSql, SERIALISE_ON } from './pg-sql.js';
import { NOTIFY_WAKE, wakePayload } from './wake-channel.js';
import { AUDIT_CHAIN_LOCK } from '../repositories/audit-log.js';

const NOTHING: Wrote = { outbox: false, announcementSends: false };

/**
 * Where the current async context is in one store: a unit of work (a transaction, or a savepoint of one, with its
 * client) or a single store call outside any (statements on the pool, each committing on its own). Either collects
 * what its writes listeners wait for, told once it has committed.
 */
type Frame = {
  readonly units: PgUnits;
  /** `chainLocked`: the transaction took AUDIT_CHAIN_LOCK first (held until it ends: taking it again is skipped). */
  readonly unit: { readonly sql: PgSql; savepoints: number; readonly chainLocked: boolean } | null;
  readonly parent: Frame | undefined;
  open: boolean;
  wrote: Wrote;
  /** Of `wrote`, what statements outside any transaction committed by themselves: other instances are told after. */
  autocommitted: Wrote;
};

const current = new AsyncLocalStorage<Frame>();

/**
 * Units of work on PostgreSQL, with the rules SQLite's (data/store/sqlite-units.ts) has: the body sees its unit
 * through AsyncLocalStorage, so one set of repositories over `ambient` writes in the unit's transaction when called
 * through `tx` and on the pool otherwise; the store's own calls inside a unit are refused (StoreUsedInsideUnit), a tx
 * kept past its unit too (TxOutsideUnit); a unit inside a unit is a savepoint. Unlike SQLite's one connection,
 * units and single calls run side by side (the pool), each unit SERIALIZABLE: a conflict ends as StoreBusy.
 */
export class PgUnits {
  private readonly listeners = new Set<CommittedListener>();
  private written = 0;
  /** This store's id in wake notifications (wake-channel.ts): other instances' listeners hear what it committed. */
  readonly self = randomUUID();
  /** The Sql every repository of the store is made over. */
  readonly ambient: Sql & PgQueryable;
  /** The WriteNotes the store's repositories are given: noted in the current unit, told after its COMMIT. */
  readonly notes: WriteNotes = { wrote: (what) => this.noteWrite(what) };

  /** `onNotifyFailed`: a wake notification after writes outside a unit could not be sent (others see them at their next poll). */
  constructor(
    private readonly pool: PgPool,
    private readonly onNotifyFailed: (error: unknown) => void = () => undefined,
  ) {
    this.ambient = new AmbientSql(this, PgSql.overPool(pool));
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
  async outside<R>(call: () => R): Promise<Awaited<R>> {
    const parent = this.frameOfThisStore();
    if (parent?.unit && parent.open) throw new StoreUsedInsideUnit();
    const frame: Frame = { units: this, unit: null, parent, open: true, wrote: NOTHING, autocommitted: NOTHING };
    try {
      return await current.run(frame, async () => call());
    } finally {
      // Its statements committed one by one, also those before a failure.
      frame.open = false;
      this.committed(frame);
      if (parent?.open && !parent.unit) parent.autocommitted = merged(parent.autocommitted, frame.autocommitted);
      else this.notifyOthers(frame.autocommitted);
    }
  }

  /** A call through `tx`: inside the unit of work it belongs to. */
  async inside<R>(call: () => R): Promise<Awaited<R>> {
    const frame = this.frameOfThisStore();
    if (!frame?.unit || !frame.open) throw new TxOutsideUnit();
    return (await call()) as Awaited<R>;
  }

  /** One unit of work (SERIALIZABLE); inside another unit it is a savepoint of that one. */
  transaction<T, X>(tx: X, work: (tx: X) => Promise<T>): Promise<T> {
    const frame = this.frameOfThisStore();
    if (frame?.unit && frame.open) return this.savepoint(frame, () => work(tx));
    return this.whole(frame, () => work(tx), { chainFirst: true });
  }

  /**
   * `Sql.atomic` outside a unit: a transaction of its own, its writes told after its COMMIT. With `serialiseOn` the
   * key's advisory lock is its first statement and the transaction READ COMMITTED (set before anything has read).
   */
  atomic<T>(work: (sql: Sql) => Promise<T>, options: AtomicOptions = {}): Promise<T> {
    const frame = this.frameOfThisStore();
    const key = options.serialiseOn;
    if (key === undefined) return this.whole(frame, () => work(this.ambient), { chainFirst: true });
    return this.whole(
      frame,
      async () => {
        await this.ambient.run(SERIALISE_ON, { key });
        return work(this.ambient);
      },
      { isolation: 'read committed' },
    );
  }

  /** Several reads against one committed state (REPEATABLE READ READ ONLY). Inside a unit of work they read in it. */
  async snapshot<T, X>(tx: X, read: (reads: X) => Promise<T>): Promise<T> {
    const frame = this.frameOfThisStore();
    if (frame?.unit && frame.open) return read(tx);
    return transaction(
      this.pool,
      (client) => {
        const snapshot: Frame = { units: this, unit: { sql: PgSql.inTransaction(client), savepoints: 0, chainLocked: false }, parent: frame, open: true, wrote: NOTHING, autocommitted: NOTHING };
        return current.run(snapshot, () => read(tx)).finally(() => (snapshot.open = false));
      },
      { isolation: 'repeatable read read only' },
    );
  }

  /**
   * Group commit: the units in one SERIALIZABLE transaction, each in a savepoint. A busy failure anywhere (or at
   * COMMIT) rejects the whole batch with StoreBusy and nothing of it was written; any other failure only its unit.
   */
  async commitBatch<T, X>(tx: X, works: readonly ((tx: X) => Promise<T>)[]): Promise<Outcome<T>[]> {
    if (works.length === 1) {
      // A batch of one: its transaction is its savepoint (two round trips fewer while it holds the chain's lock).
      try {
        return [{ ok: true, result: await this.whole(this.frameOfThisStore(), () => works[0]!(tx), { chainFirst: true }) }];
      } catch (error) {
        if (isBusyError(error)) throw error;
        return [{ ok: false, error }];
      }
    }
    return this.whole(this.frameOfThisStore(), async () => {
      const frame = current.getStore()!;
      const outcomes: Outcome<T>[] = [];
      for (const work of works) {
        try {
          outcomes.push({ ok: true, result: await this.savepoint(frame, () => work(tx)) });
        } catch (error) {
          if (isBusyError(error)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    }, { chainFirst: true });
  }

  /** Counts the rows a statement of this store wrote. */
  counted(changes: number): void {
    this.written += changes;
  }

  /** The Sql of the unit the caller is in, or null outside any. */
  unitSql(): PgSql | null {
    return this.openUnit()?.sql ?? null;
  }

  /** The unit the caller is in (its transaction), or null outside any. */
  openUnit(): NonNullable<Frame['unit']> | null {
    const frame = this.frameOfThisStore();
    return frame?.unit && frame.open ? frame.unit : null;
  }

  private frameOfThisStore(): Frame | undefined {
    let frame = current.getStore();
    while (frame && frame.units !== this) frame = frame.parent;
    return frame;
  }

  /**
   * One transaction. `chainFirst`: its first statement takes the audit chain's lock (AUDIT_CHAIN_LOCK), before anything
   * fixes the SERIALIZABLE snapshot, so write units queue on the chain instead of conflicting on its head and being
   * retried; a write unit is short (it awaits only its tx), so this is SQLite's one writer at a time, across instances.
   * The lock is sent with BEGIN (one round trip), and AuditLog's own request for it inside the unit is skipped.
   */
  private async whole<T>(parent: Frame | undefined, work: () => Promise<T>, options: { chainFirst?: boolean; isolation?: Isolation } = {}): Promise<T> {
    let frame: Frame | undefined;
    const chainLocked = options.chainFirst === true;
    const result = await transaction(this.pool, async (client) => {
      frame = { units: this, unit: { sql: PgSql.inTransaction(client), savepoints: 0, chainLocked }, parent, open: true, wrote: NOTHING, autocommitted: NOTHING };
      const value = await current.run(frame, work).finally(() => (frame!.open = false));
      // In the transaction, so other instances hear of it on COMMIT and never of a rollback.
      if (frame.wrote.outbox || frame.wrote.announcementSends) await client.run(NOTIFY_WAKE, { payload: wakePayload(this.self, frame.wrote) });
      return value;
    }, { ...(options.isolation ? { isolation: options.isolation } : {}), ...(chainLocked ? { withBegin: AUDIT_CHAIN_LOCK } : {}) });
    this.committed(frame!);
    return result;
  }

  /** Units inside a unit run one after the other (savepoints nest; they cannot interleave). */
  private async savepoint<T>(parent: Frame, work: () => Promise<T>): Promise<T> {
    const unit = parent.unit!;
    const name = `unit_${++unit.savepoints}`;
    const frame: Frame = { units: this, unit, parent, open: true, wrote: NOTHING, autocommitted: NOTHING };
    try {
      await unit.sql.run(`SAVEPOINT ${name}`);
      try {
        const result = await current.run(frame, work);
        await unit.sql.run(`RELEASE SAVEPOINT ${name}`);
        parent.wrote = merged(parent.wrote, frame.wrote);
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

  /** Another instance committed writes (heard through its wake notification): told as if committed here. */
  heard(wrote: Wrote): void {
    this.tell(wrote);
  }

  private noteWrite(what: keyof Wrote): void {
    const frame = this.frameOfThisStore();
    if (frame) {
      frame.wrote = { ...frame.wrote, [what]: true };
      if (!frame.unit) frame.autocommitted = { ...frame.autocommitted, [what]: true };
      return;
    }
    // A statement outside any store call (not through the store's facade) has committed by itself already.
    const wrote = { ...NOTHING, [what]: true };
    queueMicrotask(() => this.tell(wrote));
    this.notifyOthers(wrote);
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

  /** A frame's writes are committed: a unit or call inside another (a repository's atomic) hands them to that one. */
  private committed(frame: Frame): void {
    if (frame.parent && frame.parent.open) frame.parent.wrote = merged(frame.parent.wrote, frame.wrote);
    else this.tell(frame.wrote);
  }

  private tell(wrote: Wrote): void {
    if (!wrote.outbox && !wrote.announcementSends) return;
    for (const listener of this.listeners) listener(wrote);
  }
}

function merged(a: Wrote, b: Wrote): Wrote {
  return { outbox: a.outbox || b.outbox, announcementSends: a.announcementSends || b.announcementSends };
}

const WRITES = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/**
 * The Sql (and PgQueryable, for PgGuideRepository) the store's repositories are made over: the current unit's
 * transaction when called inside a unit of this store, the pool otherwise.
 */
class AmbientSql implements Sql, PgQueryable {
  readonly dialect = 'postgres' as const;

  constructor(
    private readonly units: PgUnits,
    private readonly overPool: PgSql,
  ) {}

  async all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    const rows = await this.here().all<Row>(sql, params);
    // INSERT … RETURNING: one row per row written.
    if (WRITES.test(sql)) this.units.counted(rows.length);
    return rows;
  }

  async get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    if (sql === AUDIT_CHAIN_LOCK) return this.lockChain();
    const result = await this.here().run(sql, params);
    if (WRITES.test(sql)) this.units.counted(result.changes);
    return result;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: NamedParameters): Promise<Row[]> {
    return this.all<Row>(sql, params);
  }

  atomic<T>(work: (sql: Sql) => Promise<T>, options?: AtomicOptions): Promise<T> {
    const unit = this.units.unitSql();
    return unit ? unit.atomic(() => work(this), options) : this.units.atomic(work, options);
  }

  private here(): PgSql {
    return this.units.unitSql() ?? this.overPool;
  }

  /**
   * Held until its transaction ends: in a unit that took it first, asking again needs no round trip. (Taken later, in
   * a savepoint, a rollback to that savepoint gives it back, so only the first statement's lock is remembered.)
   */
  private async lockChain(): Promise<{ changes: number }> {
    if (this.units.openUnit()?.chainLocked) return { changes: 0 };
    return this.here().run(AUDIT_CHAIN_LOCK);
  }
}
