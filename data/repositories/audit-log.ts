import type { Db } from '../store/open-database.js';
import { auditRowHash, CHAIN_VERSION, type ChainedAuditRow } from './audit-chain.js';
import { verifyAuditChain, type ChainVerification, type LoggedHead } from './verify-audit-chain.js';

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

/** The chain's newest link: the last row (or, when retention has deleted every row, the anchor) and the row count. */
export type AuditChainHead = { lastId: number; hash: string; rows: number };

export type CitizenAuditLine = { at: string; action: string; purpose: string; result: string; administration: string | null; asOf: string | null };

/**
 * The audit trail: insert and read only; the table's triggers refuse updates and deletes. Each row is chained to
 * the one before it by hash (data/repositories/audit-chain.ts).
 */
export class AuditLog {
  private readonly insert;
  private readonly lastRow;
  private readonly lastAnchor;
  private readonly rowCount;
  private readonly forCitizen;
  private readonly appendInOwnTransaction: (entry: AuditEntry) => void;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`
      INSERT INTO audit_log (id, at, action, purpose, result, actor_employee_id, actor_aad_object_id, actor_administration,
                             citizen_cpr, as_of, shown, detail, chain_version, prev_hash, row_hash)
      VALUES (@id, @at, @action, @purpose, @result, @actor_employee_id, @actor_aad_object_id, @actor_administration,
              @citizen_cpr, @as_of, @shown, @detail, @chain_version, @prev_hash, @row_hash)`);
    this.lastRow = db.prepare<[], { lastId: number; hash: string }>('SELECT id AS lastId, row_hash AS hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.lastAnchor = db.prepare<[], { lastId: number; hash: string }>('SELECT last_id AS lastId, hash FROM audit_chain_anchor ORDER BY last_id DESC LIMIT 1');
    this.rowCount = db.prepare('SELECT count(*) FROM audit_log').pluck();
    this.appendInOwnTransaction = db.transaction((entry: AuditEntry) => this.appendChained(entry)).immediate;
    this.forCitizen = db.prepare<{ cpr: string }, { at: string; action: string; purpose: string; result: string; actor_administration: string | null; as_of: string | null }>(
      'SELECT at, action, purpose, result, actor_administration, as_of FROM audit_log WHERE citizen_cpr = @cpr ORDER BY at, id',
    );
  }

  /**
   * The head is read inside the write transaction that inserts after it: no other process (the import, a second
   * bot) can append in between, and a batch of the group commit chains its rows in order.
   */
  private appendChained(entry: AuditEntry): void {
    const head = this.head();
    const row: ChainedAuditRow = {
      id: head.lastId + 1,
      at: entry.at.toISOString(),
      action: entry.action,
      purpose: entry.purpose,
      result: entry.result,
      actor_employee_id: entry.actorEmployeeId,
      actor_aad_object_id: entry.actorAadObjectId,
      actor_administration: entry.actorAdministration,
      citizen_cpr: entry.citizenCpr,
      as_of: entry.asOf,
      shown: entry.shown ? JSON.stringify(entry.shown) : null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      chain_version: CHAIN_VERSION,
      prev_hash: head.hash,
    };
    this.insert.run({ ...row, row_hash: auditRowHash(row) });
  }

  /** Writes the entry now, inside the caller's transaction if there is one (else in a write transaction of its own). */
  append(entry: AuditEntry): void {
    if (this.db.inTransaction) this.appendChained(entry);
    else this.appendInOwnTransaction(entry);
  }

  /** The chain's head, for the application log's daily copy outside the database. */
  chainHead(): AuditChainHead {
    return this.db.transaction(() => ({ ...this.head(), rows: this.rowCount.get() as number }))();
  }

  /** The newest row, else the newest anchor (the table is empty at the start, or after retention deleted every row). */
  private head(): { lastId: number; hash: string } {
    return this.lastRow.get() ?? this.lastAnchor.get()!;
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

  /** Recomputes the hash chain (verify-audit-chain.ts); `loggedHead` is a head from the log the chain must still hold. */
  verifyChain(options: { loggedHead?: LoggedHead } = {}): ChainVerification {
    return verifyAuditChain(this.db, options);
  }
}
