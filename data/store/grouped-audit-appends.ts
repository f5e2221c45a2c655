import type { AuditEntry } from '../repositories/audit-log.js';
import { isBusyError } from '../sql/store-busy.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import type { Tx } from './store.js';

type Transaction = (work: (tx: Tx) => Promise<void>) => Promise<void>;

/**
 * `audit.appendCommitted`: the audit rows that arrive in the same tick are appended by one unit of work, the chain's
 * head read once and one INSERT for all. On PostgreSQL that is four round trips under the chain's lock for the batch,
 * where a savepoint per row took four per row. Should the batch fail other than by a busy store (then every caller
 * gets StoreBusy and nothing was written), each row is tried in a unit of its own, so one bad row loses no other.
 */
export function groupedAuditAppends(transaction: Transaction): (entry: AuditEntry) => Promise<void> {
  const batches = new GroupCommit<AuditEntry, void>(async (entries) => {
    try {
      await transaction((tx) => tx.audit.appendAll(entries));
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
