import { GroupCommit } from '../store/group-commit.js';
import type { Db } from '../store/open-database.js';

export type AuditResult = 'shown' | 'refused' | 'invalid' | 'recorded' | 'cancelled';

export type AuditEntry = {
  at: Date;
  action: string;
  purpose: string;
  result: AuditResult;
  actorEmployeeId: string | null;
  actorAadObjectId: string | null;
  actorAdministration: string | null;
  citizenCpr: string | null;
  asOf: string | null;
  /** Which fields the user was shown (never the values). */
  shown?: readonly string[];
  /** Why, for refusals; the reason for a change. Never shown to the user who was refused. */
  detail?: Record<string, unknown>;
};

export type CitizenAuditLine = { at: string; action: string; purpose: string; result: string; administration: string | null; asOf: string | null };

/** The audit trail: insert and read only; the table's triggers refuse updates and deletes. */
export class AuditLog {
  private readonly insert;
  private readonly forCitizen;
  private readonly groupCommit: GroupCommit<AuditEntry, void>;

  constructor(db: Db) {
    this.groupCommit = new GroupCommit(db, (entry) => this.append(entry));
    this.insert = db.prepare(`
      INSERT INTO audit_log (at, action, purpose, result, actor_employee_id, actor_aad_object_id, actor_administration,
                             citizen_cpr, as_of, shown, detail)
      VALUES (@at, @action, @purpose, @result, @actorEmployeeId, @actorAadObjectId, @actorAdministration,
              @citizenCpr, @asOf, @shown, @detail)`);
    this.forCitizen = db.prepare<{ cpr: string }, { at: string; action: string; purpose: string; result: string; actor_administration: string | null; as_of: string | null }>(
      'SELECT at, action, purpose, result, actor_administration, as_of FROM audit_log WHERE citizen_cpr = @cpr ORDER BY at, id',
    );
  }

  /**
   * Writes the entry and resolves once it is committed (fsynced). Entries from turns running at the same time are
   * committed together in one transaction — a group commit — so durability costs one fsync per batch, not per
   * lookup. Callers show nothing until this resolves.
   */
  appendCommitted(entry: AuditEntry): Promise<void> {
    return this.groupCommit.submit(entry);
  }

  /** Writes the entry now, inside the caller's transaction if there is one. */
  append(entry: AuditEntry): void {
    this.insert.run({
      at: entry.at.toISOString(),
      action: entry.action,
      purpose: entry.purpose,
      result: entry.result,
      actorEmployeeId: entry.actorEmployeeId,
      actorAadObjectId: entry.actorAadObjectId,
      actorAdministration: entry.actorAdministration,
      citizenCpr: entry.citizenCpr,
      asOf: entry.asOf,
      shown: entry.shown ? JSON.stringify(entry.shown) : null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    });
  }

  /** What a citizen may see of the searches about them: when, by which administration, for what. No names. */
  extractForCitizen(cpr: string): CitizenAuditLine[] {
    return this.forCitizen.all({ cpr }).map((row) => ({
      at: row.at,
      action: row.action,
      purpose: row.purpose,
      result: row.result,
      administration: row.actor_administration,
      asOf: row.as_of,
    }));
  }
}
