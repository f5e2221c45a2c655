import { randomUUID } from 'node:crypto';
import type { Sql } from '../sql/sql.js';

export type PendingAction = { id: string; employeeId: string; kind: string; payload: unknown; createdAt: string; expiresAt: string; settledAt: string | null };

type Row = { id: string; employee_id: string; kind: string; payload: string; created_at: string; expires_at: string; settled_at: string | null };

const INSERT = 'INSERT INTO pending_actions (id, employee_id, kind, payload, created_at, expires_at) VALUES (@id, @employeeId, @kind, @payload, @createdAt, @expiresAt)';
const BY_ID = 'SELECT * FROM pending_actions WHERE id = @id';
// Conditional: only the first settle of an unexpired action wins (a double click or a replay changes nothing).
const SETTLE = 'UPDATE pending_actions SET settled_at = @now, outcome = @outcome WHERE id = @id AND settled_at IS NULL AND expires_at > @now';

/** Confirmations a card asks for. The card holds only the random id; the details stay here. */
export class PendingActionRepository {
  constructor(private readonly sql: Sql) {}

  async create(input: { employeeId: string; kind: string; payload: unknown; now: Date; ttlMinutes: number }): Promise<string> {
    const id = randomUUID();
    await this.sql.run(INSERT, {
      id,
      employeeId: input.employeeId,
      kind: input.kind,
      payload: JSON.stringify(input.payload),
      createdAt: input.now.toISOString(),
      expiresAt: new Date(input.now.getTime() + input.ttlMinutes * 60_000).toISOString(),
    });
    return id;
  }

  async find(id: string): Promise<PendingAction | null> {
    const row = await this.sql.get<Row>(BY_ID, { id });
    if (!row) return null;
    return { id: row.id, employeeId: row.employee_id, kind: row.kind, payload: JSON.parse(row.payload), createdAt: row.created_at, expiresAt: row.expires_at, settledAt: row.settled_at };
  }

  /** True when this call settled it; false when it was already settled or has expired. */
  async trySettle(id: string, outcome: 'confirmed' | 'cancelled' | 'refused', now: Date): Promise<boolean> {
    return (await this.sql.run(SETTLE, { id, now: now.toISOString(), outcome })).changes === 1;
  }
}
