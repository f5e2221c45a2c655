import { jsonValues } from '../sql/dialect.js';
import type { Sql } from '../sql/sql.js';
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

const BY_ID = `SELECT id, at, action, purpose, result, actor_employee_id, actor_administration, citizen_cpr, shown, detail
                 FROM audit_log WHERE id = @id`;

/** Reads for `npm run audit -- --sample`: the audit rows that showed (or refused to show) a citizen, in a period. */
export class AuditSampleReads {
  private readonly candidates: string;

  constructor(private readonly sql: Sql) {
    this.candidates = `SELECT id, at FROM audit_log
        WHERE action IN (SELECT value FROM ${jsonValues(sql, '@actions')}) AND citizen_cpr IS NOT NULL AND at >= @from AND at < @to
        ORDER BY id`;
  }

  /** Ids and times (ISO, UTC) of rows with one of `actions` and a citizen, at or after `from` and before `to`. */
  lookupsBetween(actions: readonly string[], from: string, to: string): Promise<{ id: number; at: string }[]> {
    return this.sql.all<{ id: number; at: string }>(this.candidates, { actions: JSON.stringify(actions), from, to });
  }

  async row(id: number): Promise<AuditedLookup | null> {
    const row = await this.sql.get<Row>(BY_ID, { id });
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
