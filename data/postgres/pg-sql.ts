import { checkedValues } from '../sql/sql-parameters.js';
import type { AtomicOptions, Sql, SqlParams } from '../sql/sql.js';
import type { PgPool, PgQueryable } from './driver/pg-pool.js';
import { transaction } from './driver/pg-transaction.js';

/** Held until the transaction ends (also when taken in a savepoint); hashtextextended maps any key to the lock's bigint. */
export const SERIALISE_ON = 'SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))';

/**
 * The Sql of PostgreSQL: over the pool outside a unit of work (each statement commits on its own, `atomic` opens a
 * SERIALIZABLE transaction), or over a unit's transaction (everything in it, `atomic` is a savepoint). Rows are
 * shaped as SQLite's by the pool's type parsers (driver/row-types.ts: int8 and count(*) as numbers, bool as 1/0),
 * so the SQL stays free of casts and a BigInt beyond 2^53 is never silently rounded.
 */
export class PgSql implements Sql {
  readonly dialect = 'postgres' as const;
  private savepoints = 0;

  private constructor(
    private readonly q: PgQueryable,
    private readonly pool: PgPool | null,
  ) {}

  /** Outside any unit of work. */
  static overPool(pool: PgPool): PgSql {
    return new PgSql(pool, pool);
  }

  /** Inside a unit of work: every statement on its transaction. */
  static inTransaction(tx: PgQueryable): PgSql {
    return new PgSql(tx, null);
  }

  async all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    checkedValues(sql, params);
    return this.q.query<Row>(sql, params);
  }

  async get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    checkedValues(sql, params);
    return this.q.run(sql, params);
  }

  /**
   * Outside a unit: a transaction of its own, which rejects with StoreBusy on a serialisation failure (retry the
   * call); with `serialiseOn`, READ COMMITTED behind the key's advisory lock instead (see AtomicOptions).
   */
  async atomic<T>(work: (sql: Sql) => Promise<T>, options: AtomicOptions = {}): Promise<T> {
    const key = options.serialiseOn;
    if (this.pool && key === undefined) return transaction(this.pool, (tx) => work(PgSql.inTransaction(tx)));
    if (this.pool) {
      const serialised = async (tx: PgQueryable) => {
        await tx.run(SERIALISE_ON, { key });
        return work(PgSql.inTransaction(tx));
      };
      return transaction(this.pool, serialised, { isolation: 'read committed' });
    }
    if (options.joinUnit) {
      if (key !== undefined) await this.q.run(SERIALISE_ON, { key });
      return work(this);
    }
    const name = `atomic_${++this.savepoints}`;
    try {
      await this.q.run(`SAVEPOINT ${name}`);
      try {
        if (key !== undefined) await this.q.run(SERIALISE_ON, { key });
        const result = await work(this);
        await this.q.run(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        // After a failed statement only this gives the transaction back; if it fails too, the unit fails with `error`.
        await this.q
          .run(`ROLLBACK TO SAVEPOINT ${name}`)
          .then(() => this.q.run(`RELEASE SAVEPOINT ${name}`))
          .catch(() => undefined);
        throw error;
      }
    } finally {
      this.savepoints--;
    }
  }
}
