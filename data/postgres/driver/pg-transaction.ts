import type pg from 'pg';
import type { NamedParameters } from '../../sql/named-parameters.js';
import { connectionIsBroken, storeErrorOf } from './pg-errors.js';
import { queryOn, runOn, type PgPool, type PgQueryable } from './pg-pool.js';
import { StoreBusy } from '../../sql/store-busy.js';

export type Isolation = 'serializable' | 'read committed' | 'repeatable read read only';

export type TransactionOptions = {
  /**
   * SERIALIZABLE (the default) keeps today's read-then-write code correct, as SQLite's single writer does; a
   * conflict ends as StoreBusy and the whole unit runs again. READ COMMITTED is for work that takes explicit locks
   * (outbox claims, pacing). REPEATABLE READ READ ONLY is a read snapshot: several reads of one committed state.
   */
  isolation?: Isolation;
  /**
   * A statement without parameters sent with BEGIN, in the same round trip (the simple query protocol runs both);
   * should it fail, the transaction is rolled back and the failure is the transaction's, as if `work` had sent it.
   */
  withBegin?: string;
};

const BEGIN: Record<Isolation, string> = {
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
  'read committed': 'BEGIN ISOLATION LEVEL READ COMMITTED',
  'repeatable read read only': 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
};

/**
 * Runs `work` in one transaction on a client of its own: COMMIT when it resolves, ROLLBACK when it throws, and the
 * client back to the pool either way (dropped when its connection broke). Rejects with StoreBusy when nothing was
 * committed and running the whole unit again may succeed (serialisation failure, deadlock, lock not available,
 * server shutdown, lost connection, no free client in time), so retryWhileBusy covers it; with StoreOutcomeUnknown
 * when the connection broke during COMMIT; otherwise with the error `work` threw.
 */
export async function transaction<T>(pool: PgPool, work: (tx: PgQueryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  const tx = new OpenTransaction(client);
  let broken: Error | undefined;
  try {
    try {
      await tx.begin(options.isolation ?? 'serializable', options.withBegin);
    } catch (error) {
      throw await tx.rollBack(error);
    }
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      throw await tx.rollBack(error);
    }
    await tx.commit();
    return result;
  } catch (error) {
    if (connectionIsBroken(error) || tx.connectionLost) broken = error as Error;
    throw error;
  } finally {
    tx.close();
    client.release(broken);
  }
}

class OpenTransaction implements PgQueryable {
  private open = true;
  /** The first failed statement: after it PostgreSQL refuses the rest (25P02) and turns COMMIT into a ROLLBACK. */
  private firstFailure: unknown;
  connectionLost = false;
  private readonly onError = () => (this.connectionLost = true);

  constructor(private readonly client: pg.PoolClient) {
    client.on('error', this.onError);
  }

  query<Row = Record<string, unknown>>(sql: string, params?: NamedParameters): Promise<Row[]> {
    return this.statement(() => queryOn<Row>(this.client, sql, params, 'in-transaction'));
  }

  run(sql: string, params?: NamedParameters): Promise<{ changes: number }> {
    return this.statement(() => runOn(this.client, sql, params, 'in-transaction'));
  }

  async begin(isolation: Isolation, withBegin?: string): Promise<void> {
    await this.statement(() => runOn(this.client, withBegin ? `${BEGIN[isolation]}; ${withBegin}` : BEGIN[isolation], undefined, 'in-transaction'));
  }

  /** The error to reject with: the body's own, or StoreBusy when the body failed because of a busy statement. */
  async rollBack(error: unknown): Promise<unknown> {
    this.open = false;
    try {
      await this.client.query('ROLLBACK');
    } catch {
      this.connectionLost = true; // the server ends the transaction with the connection; the client is dropped
    }
    return error instanceof StoreBusy ? error : this.firstFailure instanceof StoreBusy ? new StoreBusy(this.firstFailure.message, { cause: error }) : error;
  }

  async commit(): Promise<void> {
    this.open = false;
    const lostBefore = this.connectionLost; // then the server has already rolled back: nothing to be unsure about
    let result: pg.QueryResult;
    try {
      result = await this.client.query('COMMIT');
    } catch (error) {
      throw storeErrorOf(error, lostBefore ? 'in-transaction' : 'commit');
    }
    if (result.command === 'ROLLBACK') {
      // The body caught a failed statement's error and went on; PostgreSQL rolled everything back at COMMIT.
      if (this.firstFailure instanceof StoreBusy) throw this.firstFailure;
      throw new Error('The transaction was rolled back: one of its statements failed and its error was caught inside the transaction', {
        cause: this.firstFailure,
      });
    }
  }

  close(): void {
    this.open = false;
    this.client.removeListener('error', this.onError);
  }

  private async statement<T>(run: () => Promise<T>): Promise<T> {
    if (!this.open) throw new Error('A statement was sent on a transaction that has already ended (a query not awaited inside it?)');
    try {
      return await run();
    } catch (error) {
      this.firstFailure ??= error;
      throw error;
    }
  }
}
