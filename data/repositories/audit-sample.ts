import type { Db } from '../store/open-database.js';
import type { ChainedAuditRow } from './audit-chain.js';

/** One audited look at a citizen, as the data controller's sample check reads it. */
export type AuditedLookup = {
  id: number;
  at: string;
  action: string;
  purpose: string;
  result: string;
  employeeId: string | null;
  administration: string | null;
  cpr: string;
  shown: string[];
  detail: Record<string, unknown>;
};

type Row = Pick<ChainedAuditRow, 'id' | 'at' | 'action' | 'purpose' | 'result' | 'actor_employee_id' | 'actor_administration' | 'shown' | 'detail'> & {
  citizen_cpr: string;
};

/** Reads for `npm run audit -- --sample`: the audit rows that showed (or refused to show) a citizen, in a period. */
export class AuditSampleReads {
  private readonly candidates;
  private readonly byId;

  constructor(db: Db) {
    this.candidates = db.prepare<{ actions: string; from: string; to: string }, { id: number; at: string }>(
      `SELECT id, at FROM audit_log
        WHERE action IN (SELECT value FROM json_each(@actions)) AND citizen_cpr IS NOT NULL AND at >= @from AND at < @to
        ORDER BY id`,
    );
    this.byId = db.prepare<{ id: number }, Row>(
      `SELECT id, at, action, purpose, result, actor_employee_id, actor_administration, citizen_cpr, shown, detail
         FROM audit_log WHERE id = @id`,
    );
  }

  /** Ids and times (ISO, UTC) of rows with one of `actions` and a citizen, at or after `from` and before `to`. */
  lookupsBetween(actions: readonly string[], from: string, to: string): { id: number; at: string }[] {
    return this.candidates.all({ actions: JSON.stringify(actions), from, to });
  }

  row(id: number): AuditedLookup | null {
    const row = this.byId.get({ id });
    if (!row) return null;
    return {
      id: row.id,
      at: row.at,
      action: row.action,
      purpose: row.purpose,
      result: row.result,
      employeeId: row.actor_employee_id,
      administration: row.actor_administration,
      cpr: row.citizen_cpr,
      shown: row.shown ? (JSON.parse(row.shown) as string[]) : [],
      detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {},
    };
  }
}
