import { byDialect } from '../sql/dialect.js';
import type { Sql } from '../sql/sql.js';
import { auditRowHash, CHAIN_VERSION, HASHED_COLUMNS, type ChainedAuditRow } from './audit-chain.js';
import { verifyAuditChainPaged, type ChainVerification, type LoggedHead } from './verify-audit-chain.js';

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

/** What a row stores: the columns its hash covers, and the hash. */
const AUDIT_COLUMNS = [...HASHED_COLUMNS, 'row_hash'] as const;

export const INSERT_AUDIT_ROW = `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map((column) => `@${column}`).join(', ')})`;

const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['id', 'chain_version']);

/** Several chained rows in one statement, from one parameter: a JSON array of the rows (one SQL text for any count). */
const INSERT_AUDIT_ROWS = {
  sqlite: `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')})
    SELECT ${AUDIT_COLUMNS.map((column) => `json_extract(value, '$.${column}')`).join(', ')} FROM json_each(@rows)`,
  postgres: `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')})
    SELECT ${AUDIT_COLUMNS.join(', ')} FROM json_to_recordset(@rows::json)
      AS r(${AUDIT_COLUMNS.map((column) => `${column} ${INTEGER_COLUMNS.has(column) ? 'bigint' : 'text'}`).join(', ')})`,
};

/** The newest row, else the newest anchor (the table is empty at the start, or after retention deleted every row). */
export const AUDIT_HEAD = `
  SELECT coalesce((SELECT id FROM audit_log ORDER BY id DESC LIMIT 1),
                  (SELECT last_id FROM audit_chain_anchor ORDER BY last_id DESC LIMIT 1)) AS "lastId",
         coalesce((SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1),
                  (SELECT hash FROM audit_chain_anchor ORDER BY last_id DESC LIMIT 1)) AS hash`;

/** The head and the row count in one statement, so both are of one state on either engine. */
const HEAD_AND_ROWS = `SELECT head."lastId", head.hash, (SELECT count(*) FROM audit_log) AS rows FROM (${AUDIT_HEAD}) AS head`;

const FOR_CITIZEN = 'SELECT at, action, purpose, result, actor_administration, as_of FROM audit_log WHERE citizen_cpr = @cpr ORDER BY at, id';

/**
 * PostgreSQL: what makes appenders, in every instance, queue one behind the other. A table lock rather than an advisory
 * one because LOCK TABLE does not start a SERIALIZABLE transaction's snapshot: taken as a unit's first statement
 * (data/postgres/pg-units.ts does), the unit's reads, the chain's head among them, are of the state after the previous
 * appender committed. SHARE ROW EXCLUSIVE conflicts with itself and with INSERT's lock, never with readers. (SQLite's
 * BEGIN IMMEDIATE already lets one writer in at a time.)
 */
export const AUDIT_CHAIN_LOCK = 'LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE';

/** The row that follows `head` in the chain, with its hash. */
export function chainedAuditRow(entry: AuditEntry, head: { lastId: number; hash: string }): ChainedAuditRow & { row_hash: string } {
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
  return { ...row, row_hash: auditRowHash(row) };
}

/**
 * The audit trail: insert and read only; the table's triggers refuse updates and deletes. Each row is chained to
 * the one before it by hash (data/repositories/audit-chain.ts).
 */
export class AuditLog {
  private readonly lockChain: string | null;

  /**
   * `checkChain`: how verifyChain walks the chain; by default in keyset pages inside one transaction (either engine).
   * SQLite's store passes its one-read-transaction walk (verifyAuditChain), which leaves other processes' writers free
   * however long the walk, where `atomic` would hold the write lock (BEGIN IMMEDIATE) throughout.
   */
  constructor(
    private readonly sql: Sql,
    private readonly checkChain?: (options: { loggedHead?: LoggedHead }) => Promise<ChainVerification>,
  ) {
    this.lockChain = byDialect(sql, { sqlite: '', postgres: AUDIT_CHAIN_LOCK }) || null;
  }

  /**
   * Writes the entry now, inside the caller's unit of work if there is one (else in a write transaction of its own).
   * The head is read in the transaction that inserts after it, so a batch of the group commit chains its rows in
   * order. In a unit it needs no savepoint: a failed append fails the unit, which cannot commit without the row. On
   * PostgreSQL appenders queue on the chain's lock (AUDIT_CHAIN_LOCK), which every write unit takes first; held
   * already, taking it again is skipped (data/postgres/pg-units.ts). Should a transaction have read before it took
   * the lock, its insert fails as a serialisation failure or on the primary key (StoreBusy, nothing written: a fork
   * is impossible) and the caller retries, as for any busy unit.
   */
  append(entry: AuditEntry): Promise<void> {
    return this.appendAll([entry]);
  }

  /** Appends the entries in order, as `append` does one: the head read once, one INSERT for all (all or none). */
  appendAll(entries: readonly AuditEntry[]): Promise<void> {
    return this.sql.atomic(
      async (sql) => {
        if (entries.length === 0) return;
        if (this.lockChain) await sql.run(this.lockChain);
        let head = (await sql.get<{ lastId: number; hash: string }>(AUDIT_HEAD))!;
        const rows = entries.map((entry) => {
          const row = chainedAuditRow(entry, head);
          head = { lastId: row.id, hash: row.row_hash };
          return row;
        });
        if (rows.length === 1) await sql.run(INSERT_AUDIT_ROW, rows[0]);
        else await sql.run(byDialect(sql, INSERT_AUDIT_ROWS), { rows: JSON.stringify(rows) });
      },
      { joinUnit: true },
    );
  }

  /** The chain's head, for the application log's daily copy outside the database. */
  async chainHead(): Promise<AuditChainHead> {
    return (await this.sql.get<AuditChainHead>(HEAD_AND_ROWS))!;
  }

  /** What a citizen may see of the searches about them: when, by which administration, for what. No names. */
  async extractForCitizen(cpr: string): Promise<CitizenAuditLine[]> {
    const rows = await this.sql.all<{ at: string; action: string; purpose: string; result: string; actor_administration: string | null; as_of: string | null }>(FOR_CITIZEN, { cpr });
    return rows.map((row) => ({
      at: row.at,
      action: row.action,
      purpose: row.purpose,
      result: row.result,
      administration: row.actor_administration,
      asOf: row.as_of,
    }));
  }

  /** Recomputes the hash chain (verify-audit-chain.ts); `loggedHead` is a head from the log the chain must still hold. */
  verifyChain(options: { loggedHead?: LoggedHead } = {}): Promise<ChainVerification> {
    // this.sql, not the constructor's: PostgreSQL's store binds a copy of the log to each unit of work or call.
    return this.checkChain ? this.checkChain(options) : verifyAuditChainPaged(this.sql, options);
  }
}
