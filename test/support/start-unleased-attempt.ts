import type { Sql } from '../../data/sql/sql.js';
import type { Store } from '../../data/store/store.js';
import { rawSql } from './raw-sql.js';

const START_UNLEASED =
  "UPDATE outbox SET state = 'sending', attempts = attempts + 1, attempt_started_at = @now WHERE id = @id AND state = 'pending'";

/**
 * Marks a pending outbox row as being sent, without a lease (as a sender from before migration 017 left it, so the
 * next take-over takes it back), to arrange a row being sent, or with `markSent` after it one that was delivered,
 * without the delivery worker. True when the row was pending.
 */
export async function startUnleasedAttempt(store: Store, id: number, now: Date): Promise<boolean> {
  return startUnleasedAttemptOver(rawSql(store), id, now);
}

/** The same through the statements of a contract test's engine (`engine.sql`). */
export async function startUnleasedAttemptOver(sql: Sql, id: number, now: Date): Promise<boolean> {
  return (await sql.run(START_UNLEASED, { id, now: now.toISOString() })).changes === 1;
}
