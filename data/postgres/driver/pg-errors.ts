import { StoreBusy } from '../../sql/store-busy.js';

/**
 * A write whose connection broke while its COMMIT (or its single auto-committed statement) was on the way: it may or
 * may not have been written. Unlike StoreBusy this must not be retried blindly; the caller checks first.
 */
export class StoreOutcomeUnknown extends Error {
  override readonly name = 'StoreOutcomeUnknown';

  constructor(options?: { cause?: unknown }) {
    super('the connection to PostgreSQL broke while a write was being committed; it may or may not have been written', options);
  }
}

/** Where the error happened decides whether "nothing was written" holds. */
export type FailurePhase =
  /** Getting a client: nothing was sent. */
  | 'connect'
  /** A statement inside an open transaction, or its ROLLBACK: the transaction does not commit. */
  | 'in-transaction'
  /** COMMIT, or a statement outside a transaction (it commits by itself). */
  | 'commit';

/** SQLSTATEs after which the transaction did not commit and the whole unit may simply run again. */
const BUSY_SQLSTATES: Record<string, string> = {
  '40001': 'PostgreSQL could not serialise this transaction with a concurrent one (40001)',
  '40P01': 'PostgreSQL broke a deadlock by cancelling this transaction (40P01)',
  '55P03': 'a row or table this transaction needs is locked by another one (55P03)',
  '57P01': 'PostgreSQL ended the connection: the server is shutting down or an administrator stopped it (57P01)',
  '57P02': 'PostgreSQL ended the connection after a crash of another server process (57P02)',
  '57P03': 'PostgreSQL is starting up or shutting down and takes no connections now (57P03)',
};

const POOL_TIMEOUT = /^timeout exceeded when trying to connect$|^Connection terminated due to connection timeout$/;
const CONNECTION_LOST = /^Connection terminated|is not queryable$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The connection itself failed or broke (no SQL error): class 08, a socket error, or pg's "terminated" messages. */
export function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (code.startsWith('08') || NETWORK_CODES.has(code))) return true;
  return POOL_TIMEOUT.test(messageOf(error)) || CONNECTION_LOST.test(messageOf(error));
}

/**
 * A statement this connection prepared (statement-names.ts) reads a table whose columns changed since: another instance
 * migrated the schema. The connection's prepared statements are stale, so the connection is replaced.
 */
function isStalePreparedStatement(error: unknown): boolean {
  return codeOf(error) === '0A000' && /cached plan must not change result type/.test(messageOf(error));
}

/** The client's connection is gone or going (itself or the cause of a store error): the pool must not reuse it. */
export function connectionIsBroken(error: unknown): boolean {
  const cause = error instanceof StoreBusy || error instanceof StoreOutcomeUnknown ? error.cause : error;
  return isConnectionFailure(cause) || (codeOf(cause)?.startsWith('57P') ?? false) || isStalePreparedStatement(cause);
}

/**
 * The error as the store's errors: StoreBusy when nothing was written and running the unit again may succeed,
 * StoreOutcomeUnknown when a commit's connection broke, otherwise the error unchanged (a bad statement, a
 * constraint, a wrong password: running again would fail the same way).
 */
export function storeErrorOf(error: unknown, phase: FailurePhase): unknown {
  if (error instanceof StoreBusy || error instanceof StoreOutcomeUnknown) return error;
  const code = codeOf(error);
  const busyReason = code === undefined ? undefined : BUSY_SQLSTATES[code];
  if (busyReason) return new StoreBusy(busyReason, { cause: error });
  if (isStalePreparedStatement(error)) return new StoreBusy('a statement prepared on this connection no longer fits the schema (another instance migrated it); the connection is replaced', { cause: error });
  if (POOL_TIMEOUT.test(messageOf(error))) {
    return new StoreBusy('every PostgreSQL connection of the pool stayed busy, or a new one could not be made in time', { cause: error });
  }
  if (isConnectionFailure(error)) {
    if (phase === 'commit') return new StoreOutcomeUnknown({ cause: error });
    return new StoreBusy('the connection to PostgreSQL failed or broke before anything was committed', { cause: error });
  }
  return error;
}
