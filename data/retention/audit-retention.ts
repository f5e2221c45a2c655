import type { Sql } from '../sql/sql.js';

/**
 * The audit rows written before `before` that retention deletes: the oldest rows, from the start of the log up to the
 * first row written at or after `before` (a row a few milliseconds out of time order keeps all rows after it).
 */
export async function countDueAuditRows(sql: Sql, before: string): Promise<number> {
  const firstKept = await sql.get<{ id: number }>('SELECT id FROM audit_log WHERE at >= @before ORDER BY id LIMIT 1', { before });
  const counted = firstKept === undefined
    ? await sql.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')
    : await sql.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE id < @firstKept', { firstKept: firstKept.id });
  return counted!.n;
}

/**
 * Deletes up to `limit` of the oldest due audit rows, in the caller's transaction: first an anchor with the last
 * deleted row's id and hash (so the chain verifies from there), then the rows it covers. Returns the rows deleted.
 */
export async function deleteOldestAuditRows(sql: Sql, before: string, limit: number, recordedAt: string): Promise<number> {
  const oldest = await sql.all<{ id: number; at: string; row_hash: string }>('SELECT id, at, row_hash FROM audit_log ORDER BY id LIMIT @limit', { limit });
  let due = 0;
  while (due < oldest.length && oldest[due]!.at < before) due++;
  if (due === 0) return 0;
  const last = oldest[due - 1]!;
  await sql.run("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (@lastId, @hash, @due, @recordedAt, 'retention')", {
    lastId: last.id,
    hash: last.row_hash,
    due,
    recordedAt,
  });
  return (await sql.run('DELETE FROM audit_log WHERE id <= @lastId', { lastId: last.id })).changes;
}
