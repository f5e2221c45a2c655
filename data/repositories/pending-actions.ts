import { randomUUID } from 'node:crypto';
import type { Db } from '../store/open-database.js';

export type PendingAction = { id: string; employeeId: string; kind: string; payload: unknown; createdAt: string; expiresAt: string; settledAt: string | null };

type Row = { id: string; employee_id: string; kind: string; payload: string; created_at: string; expires_at: string; settled_at: string | null };

/** Confirmations a card asks for. The card holds only the random id; the details stay here. */
export class PendingActionRepository {
  private readonly insert;
  private readonly byId;
  private readonly settle;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO pending_actions (id, employee_id, kind, payload, created_at, expires_at) VALUES (@id, @employeeId, @kind, @payload, @createdAt, @expiresAt)');
    this.byId = db.prepare<{ id: string }, Row>('SELECT * FROM pending_actions WHERE id = @id');
    // Conditional: only the first settle of an unexpired action wins (a double click or a replay changes nothing).
    this.settle = db.prepare<{ id: string; now: string; outcome: string }>(
      'UPDATE pending_actions SET settled_at = @now, outcome = @outcome WHERE id = @id AND settled_at IS NULL AND expires_at > @now',
    );
  }

  create(input: { employeeId: string; kind: string; payload: unknown; now: Date; ttlMinutes: number }): string {
    const id = randomUUID();
    this.insert.run({
      id,
      employeeId: input.employeeId,
      kind: input.kind,
      payload: JSON.stringify(input.payload),
      createdAt: input.now.toISOString(),
      expiresAt: new Date(input.now.getTime() + input.ttlMinutes * 60_000).toISOString(),
    });
    return id;
  }

  find(id: string): PendingAction | null {
    const row = this.byId.get({ id });
    if (!row) return null;
    return { id: row.id, employeeId: row.employee_id, kind: row.kind, payload: JSON.parse(row.payload), createdAt: row.created_at, expiresAt: row.expires_at, settledAt: row.settled_at };
  }

  /** True when this call settled it; false when it was already settled or has expired. */
  trySettle(id: string, outcome: 'confirmed' | 'cancelled' | 'refused', now: Date): boolean {
    return this.settle.run({ id, now: now.toISOString(), outcome }).changes === 1;
  }
}
