import type { Sql } from '../sql/sql.js';
import type { Db } from '../sqlite/db.js';
import { auditRowHash, CHAIN_VERSION, HASHED_COLUMNS, type ChainedAuditRow } from './audit-chain.js';

/**
 * The triggers that keep the audit log append-only and chained; one missing means the schema was changed by hand.
 * SQLite's names: PostgreSQL's baseline has its own, and the check runs on SQLite only.
 */
export const AUDIT_TRIGGERS = [
  'audit_log_no_delete',
  'audit_log_no_rewrite',
  'audit_log_no_replace',
  'audit_log_keep_rowid',
  'audit_log_chained',
  'audit_chain_anchor_no_delete',
  'audit_chain_anchor_no_rewrite',
  'audit_chain_anchor_no_replace',
  'audit_chain_anchor_keep_rowid',
  'audit_chain_anchor_moves_forward',
  'audit_chain_anchor_retention_covers',
] as const;

/** Why a row does not verify: the first such row, in id order. */
export type ChainBreak =
  | { kind: 'no-anchor' }
  | { kind: 'before-anchor'; id: number; anchorLastId: number }
  | { kind: 'missing-rows'; id: number; expectedId: number }
  | { kind: 'wrong-prev'; id: number }
  | { kind: 'unchained'; id: number }
  | { kind: 'unknown-version'; id: number; version: unknown }
  | { kind: 'content-changed'; id: number };

/** A head copied from the application log (`auditChainHead`), checked against the chain as it is now. */
export type LoggedHead = { lastId: number; hash: string };

/** How a logged head compares: still there, a different hash there (rewritten), gone (cut off), or deleted by retention. */
export type LoggedHeadCheck = 'matches' | 'differs' | 'missing' | 'before-anchor';

export type ChainVerification = {
  rows: number;
  head: { lastId: number; hash: string };
  anchor: { lastId: number; hash: string } | null;
  firstBreak: ChainBreak | null;
  missingTriggers: string[];
  loggedHead?: LoggedHeadCheck;
};

type StoredRow = Omit<ChainedAuditRow, 'chain_version' | 'prev_hash'> & { chain_version: unknown; prev_hash: string | null; row_hash: string | null };
type Anchor = { lastId: number; hash: string };

const NEWEST_ANCHOR = 'SELECT last_id AS "lastId", hash FROM audit_chain_anchor ORDER BY last_id DESC LIMIT 1';
const ALL_ROWS = `SELECT ${HASHED_COLUMNS.join(', ')}, row_hash FROM audit_log ORDER BY id`;
/** Keyset pages: memory stays flat however long the log, on an engine whose driver reads a result whole. */
export const AUDIT_PAGE_ROWS = 1000;
const ROWS_AFTER = `SELECT ${HASHED_COLUMNS.join(', ')}, row_hash FROM audit_log WHERE id > @after ORDER BY id LIMIT ${AUDIT_PAGE_ROWS}`;

/**
 * Walks the audit log in id order from the newest anchor, one row at a time (memory stays flat however long the log),
 * and reports the first row whose link does not hold. Read in one transaction, so it sees one consistent state.
 * SQLite only (a database file, e.g. a backup's copy); the store's audit.verifyChain is verifyAuditChainPaged.
 */
export function verifyAuditChain(db: Db, options: { loggedHead?: LoggedHead } = {}): ChainVerification {
  return db.transaction(() => {
    const hasAnchorTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain_anchor'").get() !== undefined;
    const anchor = hasAnchorTable ? ((db.prepare(NEWEST_ANCHOR).get() as Anchor | undefined) ?? null) : null;
    const walk = new ChainWalk(anchor, options.loggedHead);
    for (const row of db.prepare<[], StoredRow>(ALL_ROWS).iterate()) walk.visit(row);
    return walk.result(sqliteMissingTriggers(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]));
  })();
}

/**
 * The same walk over either engine, in keyset pages of AUDIT_PAGE_ROWS inside one transaction (one consistent
 * state). The trigger check is SQLite's only: AUDIT_TRIGGERS are the SQLite schema's names, and PostgreSQL's
 * baseline makes its own (pgAppendOnlyTriggers); there missingTriggers is always empty.
 */
export function verifyAuditChainPaged(sql: Sql, options: { loggedHead?: LoggedHead } = {}): Promise<ChainVerification> {
  return sql.atomic(async (sql) => {
    const anchor = (await sql.get<Anchor>(NEWEST_ANCHOR)) ?? null;
    const walk = new ChainWalk(anchor, options.loggedHead);
    for (let after = -1; ; ) {
      const page = await sql.all<StoredRow>(ROWS_AFTER, { after });
      for (const row of page) walk.visit(row);
      if (page.length < AUDIT_PAGE_ROWS) break;
      after = page[page.length - 1]!.id;
    }
    const triggers = sql.dialect === 'sqlite' ? await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'") : null;
    return walk.result(triggers ? sqliteMissingTriggers(triggers.map((row) => row.name)) : []);
  });
}

function sqliteMissingTriggers(present: readonly string[]): string[] {
  const names = new Set(present);
  return AUDIT_TRIGGERS.filter((name) => !names.has(name));
}

/** The state of one walk: the first break, the logged head's fate, the row count and the last link. */
class ChainWalk {
  private count = 0;
  private previous: Anchor;
  private firstBreak: ChainBreak | null;
  private loggedHead: LoggedHeadCheck | undefined;

  constructor(
    private readonly anchor: Anchor | null,
    private readonly logged: LoggedHead | undefined,
  ) {
    this.previous = anchor ?? { lastId: 0, hash: '' };
    this.firstBreak = anchor ? null : { kind: 'no-anchor' };
    this.loggedHead = logged ? (anchor && logged.lastId <= anchor.lastId ? 'before-anchor' : 'missing') : undefined;
    if (logged && anchor && logged.lastId === anchor.lastId) this.loggedHead = anchor.hash === logged.hash ? 'matches' : 'differs';
  }

  visit(row: StoredRow): void {
    this.count++;
    if (this.firstBreak === null) this.firstBreak = checkLink(row, this.previous, this.anchor!);
    if (this.logged && row.id === this.logged.lastId && this.loggedHead === 'missing') this.loggedHead = row.row_hash === this.logged.hash ? 'matches' : 'differs';
    this.previous = { lastId: row.id, hash: row.row_hash ?? '' };
  }

  result(missingTriggers: string[]): ChainVerification {
    return { rows: this.count, head: this.previous, anchor: this.anchor, firstBreak: this.firstBreak, missingTriggers, ...(this.loggedHead ? { loggedHead: this.loggedHead } : {}) };
  }
}

function checkLink(row: StoredRow, previous: { lastId: number; hash: string }, anchor: { lastId: number }): ChainBreak | null {
  if (row.id <= anchor.lastId) return { kind: 'before-anchor', id: row.id, anchorLastId: anchor.lastId };
  if (row.prev_hash === null || row.row_hash === null) return { kind: 'unchained', id: row.id };
  if (row.chain_version !== CHAIN_VERSION) return { kind: 'unknown-version', id: row.id, version: row.chain_version };
  if (row.prev_hash !== previous.hash) {
    return row.id !== previous.lastId + 1 ? { kind: 'missing-rows', id: row.id, expectedId: previous.lastId + 1 } : { kind: 'wrong-prev', id: row.id };
  }
  if (auditRowHash({ ...row, chain_version: CHAIN_VERSION, prev_hash: row.prev_hash }) !== row.row_hash) return { kind: 'content-changed', id: row.id };
  return null;
}
