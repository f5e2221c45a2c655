import type { Statement } from 'better-sqlite3';
import { checkedValues } from '../sql/sql-parameters.js';
import type { AtomicOptions, Sql, SqlParams } from '../sql/sql.js';
import type { CommitSignal } from '../sql/commit-signal.js';
import type { Db } from './db.js';
import { inSavepoint } from './savepoint.js';

/** Bounded so that SQL built at run time cannot grow the cache without end; the repositories' texts are far fewer. */
const CACHE_LIMIT = 2000;

/**
 * The Sql of one SQLite connection. Each SQL text is prepared once, at its first use, and every call runs
 * synchronously underneath and returns a settled promise: a repository method's awaits cost microtasks only, so the
 * store's connection lock (data/store/sqlite-units.ts), held until the method's promise settles, keeps every other
 * caller's statement out of it, as with the synchronous repositories.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  private savepoints = 0;

  /**
   * `committed`: the store's CommitSignal, so an atomic write outside a unit of work tells the listeners after its
   * COMMIT (and one that rolls back, or a savepoint that does, tells nobody), as a unit of work does.
   */
  constructor(
    private readonly db: Db,
    private readonly committed?: CommitSignal,
  ) {}

  all<Row>(sql: string, params?: SqlParams): Promise<Row[]> {
    return settled(() => this.statement(sql, params).all(params ?? {}) as Row[]);
  }

  get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined> {
    return settled(() => this.statement(sql, params).get(params ?? {}) as Row | undefined);
  }

  run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    return settled(() => ({ changes: this.statement(sql, params).run(params ?? {}).changes }));
  }

  /** `options.serialiseOn` needs nothing here: one connection, and BEGIN IMMEDIATE makes every writer wait its turn. */
  atomic<T>(work: (sql: Sql) => Promise<T>, options: AtomicOptions = {}): Promise<T> {
    const inUnit = options.joinUnit ? () => work(this) : () => this.savepoint(work);
    const run = this.db.inTransaction ? inUnit : () => this.transaction(work);
    return this.committed ? this.committed.unit(run) : run();
  }

  /** IMMEDIATE: the write lock first, so nothing read here can be made stale by another process before the writes. */
  private async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private async savepoint<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const name = `atomic_${++this.savepoints}`;
    try {
      return await inSavepoint(this.db, name, () => work(this));
    } finally {
      this.savepoints--;
    }
  }

  private statement(sql: string, params: SqlParams | undefined): Statement {
    checkedValues(sql, params);
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= CACHE_LIMIT) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function settled<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}
