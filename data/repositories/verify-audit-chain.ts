import type { Db } from '../store/open-database.js';
import { auditRowHash, CHAIN_VERSION, HASHED_COLUMNS, type ChainedAuditRow } from './audit-chain.js';

/** The triggers that keep the audit log append-only and chained; one missing means the schema was changed by hand. */
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

/**
 * Walks the audit log in id order from the newest anchor, one row at a time (memory stays flat however long the log),
 * and reports the first row whose link does not hold. Read in one transaction, so it sees one consistent state.
 */
export function verifyAuditChain(db: Db, options: { loggedHead?: LoggedHead } = {}): ChainVerification {
  return db.transaction(() => {
    const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]);
    const missingTriggers = AUDIT_TRIGGERS.filter((name) => !present.has(name));
    const hasAnchorTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain_anchor'").get() !== undefined;
    const anchor = hasAnchorTable
      ? (db.prepare('SELECT last_id AS lastId, hash FROM audit_chain_anchor ORDER BY last_id DESC LIMIT 1').get() as { lastId: number; hash: string } | undefined) ?? null
      : null;
    const rows = db.prepare<[], StoredRow>(`SELECT ${HASHED_COLUMNS.join(', ')}, row_hash FROM audit_log ORDER BY id`);
    let count = 0;
    let previous = anchor ?? { lastId: 0, hash: '' };
    let firstBreak: ChainBreak | null = anchor ? null : { kind: 'no-anchor' };
    const logged = options.loggedHead;
    let loggedHead: LoggedHeadCheck | undefined = logged ? (anchor && logged.lastId <= anchor.lastId ? 'before-anchor' : 'missing') : undefined;
    if (logged && anchor && logged.lastId === anchor.lastId) loggedHead = anchor.hash === logged.hash ? 'matches' : 'differs';
    for (const row of rows.iterate()) {
      count++;
      if (firstBreak === null) firstBreak = checkLink(row, previous, anchor!);
      if (logged && row.id === logged.lastId && loggedHead === 'missing') loggedHead = row.row_hash === logged.hash ? 'matches' : 'differs';
      previous = { lastId: row.id, hash: row.row_hash ?? '' };
    }
    return { rows: count, head: previous, anchor, firstBreak, missingTriggers, ...(loggedHead ? { loggedHead } : {}) };
  })();
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
