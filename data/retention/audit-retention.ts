import type { Db } from '../store/open-database.js';

/**
 * The audit rows written before `before` that retention deletes: the oldest rows, from the start of the log up to the
 * first row written at or after `before` (a row a few milliseconds out of time order keeps all rows after it).
 */
export function countDueAuditRows(db: Db, before: string): number {
  const firstKept = db.prepare<{ before: string }, number>('SELECT id FROM audit_log WHERE at >= @before ORDER BY id LIMIT 1').pluck().get({ before });
  return (firstKept === undefined
    ? db.prepare('SELECT count(*) FROM audit_log').pluck().get()
    : db.prepare('SELECT count(*) FROM audit_log WHERE id < ?').pluck().get(firstKept)) as number;
}

/**
 * Deletes up to `limit` of the oldest due audit rows, in the caller's transaction: first an anchor with the last
 * deleted row's id and hash (so the chain verifies from there), then the rows it covers. Returns the rows deleted.
 */
export function deleteOldestAuditRows(db: Db, before: string, limit: number, recordedAt: string): number {
  const oldest = db.prepare<{ limit: number }, { id: number; at: string; row_hash: string }>('SELECT id, at, row_hash FROM audit_log ORDER BY id LIMIT @limit').all({ limit });
  let due = 0;
  while (due < oldest.length && oldest[due]!.at < before) due++;
  if (due === 0) return 0;
  const last = oldest[due - 1]!;
  db.prepare("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (?, ?, ?, ?, 'retention')").run(last.id, last.row_hash, due, recordedAt);
  return db.prepare('DELETE FROM audit_log WHERE id <= ?').run(last.id).changes;
}
