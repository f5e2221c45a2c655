/**
 * What a repository needs from an engine: statements with `@name` parameters, and a way to make several of them
 * commit together. SQLite (data/sqlite/sqlite-sql.ts) and PostgreSQL (data/postgres/pg-sql.ts) implement it, so a
 * repository is written once, asynchronously, with one SQL text for both, and `dialect` picks a text only where
 * the engines' SQL differs (see dialect.ts).
 *
 * Rows come back in one shape on both engines: integers (also bigint identities and count(*)) as numbers, flags as
 * 1/0, dates and JSON as text.
 */
export type Dialect = 'sqlite' | 'postgres';

/**
 * `@name` → value. A value is text, a number, a bigint, a Buffer or null; an SQL NULL is null, never undefined, and
 * a flag is 1/0, never a boolean (both are refused on both engines, see sql-parameters.ts).
 */
export type SqlParams = Readonly<Record<string, unknown>>;

export interface Sql {
  readonly dialect: Dialect;
  /** Every row the statement returns. */
  all<Row>(sql: string, params?: SqlParams): Promise<Row[]>;
  /** The first row, or undefined when there is none. */
  get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined>;
  /** For INSERT/UPDATE/DELETE: how many rows it changed. Use `get`/`all` with RETURNING for generated ids. */
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /**
   * Runs `work` so that its statements commit together or not at all: inside a unit of work as a savepoint of it
   * (a failure undoes only `work`'s writes), outside one as a transaction of its own. `work` must use the Sql it is
   * given (on PostgreSQL outside a unit that is the transaction's connection, not the pool). A StoreBusy rejection
   * means nothing of `work` was written.
   */
  atomic<T>(work: (sql: Sql) => Promise<T>, options?: AtomicOptions): Promise<T>;
}

export type AtomicOptions = {
  /**
   * Work with the same key runs one at a time, across processes, and each sees what the one before it committed
   * (e.g. outbox claims of one tenant counting its sends). SQLite serialises every writer anyway (BEGIN IMMEDIATE);
   * PostgreSQL takes a transaction-level advisory lock on the key as the work's first statement, at READ COMMITTED
   * outside a unit, so every later statement reads past the previous holder's commit.
   */
  serialiseOn?: string;
  /**
   * Inside a unit of work, run `work` in it as it is, without a savepoint of its own: a failure fails the unit (on
   * PostgreSQL its transaction can then only roll back), so no caller can go on without `work`'s writes (the audit
   * row). Outside a unit it changes nothing.
   */
  joinUnit?: boolean;
};
