import type { AuditEntry } from '../repositories/audit-log.js';
import { INTERACTIVE_DEADLINE_MS, retryWhileBusy } from '../sql/retry-while-busy.js';
import { isBusyError } from '../sql/store-busy.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import type { Tx } from './store.js';

type Transaction = (work: (tx: Tx) => Promise<void>) => Promise<void>;

/**
 * `audit.appendCommitted`: the audit rows that arrive in the same tick are appended by one unit of work, the chain's
 * head read once and one INSERT for all. On PostgreSQL that is four round trips under the chain's lock for the batch,
 * where a savepoint per row took four per row. Should the batch fail other than by a busy store, each row is tried in
 * a unit of its own, so one bad row loses no other.
 *
 * A busy store (another process holds SQLite's write lock, as an import's switch does) wrote nothing of the batch, so
 * the batch is tried again, waiting asynchronously, for up to `busyDeadlineMs`; then every caller gets StoreBusy. The
 * caller (a lookup's turn) could not do that itself once anything else in the store was written meanwhile: its retry
 * must not repeat a step that committed, and it tells that from the store's count of written rows, which other turns
 * move too.
 */
export function groupedAuditAppends(transaction: Transaction, options: { busyDeadlineMs?: number } = {}): (entry: AuditEntry) => Promise<void> {
  const busyDeadlineMs = options.busyDeadlineMs ?? INTERACTIVE_DEADLINE_MS / 2;
  const batches = new GroupCommit<AuditEntry, void>(async (entries) => {
    try {
      await retryWhileBusy(() => transaction((tx) => tx.audit.appendAll(entries)), { deadlineMs: busyDeadlineMs });
      return entries.map((): Outcome<void> => ({ ok: true, result: undefined }));
    } catch (error) {
      if (isBusyError(error) || entries.length === 1) throw error;
      const outcomes: Outcome<void>[] = [];
      for (const entry of entries) outcomes.push(await alone(transaction, entry));
      return outcomes;
    }
  });
  return (entry) => batches.submit(entry);
}

async function alone(transaction: Transaction, entry: AuditEntry): Promise<Outcome<void>> {
  try {
    await transaction((tx) => tx.audit.append(entry));
    return { ok: true, result: undefined };
  } catch (error) {
    if (isBusyError(error)) throw error;
    return { ok: false, error };
  }
}
