import { auditRowHash, CHAIN_VERSION, GENESIS_HASH, type ChainedAuditRow } from '../repositories/audit-chain.js';
import type { Db } from '../sqlite/db.js';
import { appendOnlyTriggers } from './append-only-triggers.js';
import { keyGuardTriggers } from './key-guard-triggers.js';
import type { Migration } from './migration.js';

const AUDIT_COLUMNS = ['id', 'at', 'action', 'purpose', 'result', 'actor_employee_id', 'actor_aad_object_id', 'actor_administration', 'citizen_cpr', 'as_of', 'shown', 'detail'];
const ANCHOR_COLUMNS = ['id', 'last_id', 'hash', 'deleted_rows', 'recorded_at', 'reason'];
/** Rows chained per read, so a large existing log is chained in bounded memory. */
const CHAIN_PAGE = 10_000;

/**
 * Chains the audit log: every row carries the previous row's hash and its own (data/repositories/audit-chain.ts).
 * Rows that exist already are chained here, in id order, from the genesis anchor.
 *
 * audit_chain_anchor is where the chain starts: the genesis anchor (last_id 0), and later one per retention run
 * that deletes the oldest rows, holding the last deleted row's id and hash, so the remaining chain still verifies.
 */
export const auditChain: Migration = {
  version: 11,
  name: 'audit-chain',
  sql: `
ALTER TABLE audit_log ADD COLUMN chain_version INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;

CREATE TABLE audit_chain_anchor (
  id            INTEGER PRIMARY KEY,
  last_id       INTEGER NOT NULL UNIQUE CHECK (last_id >= 0),
  hash          TEXT NOT NULL CHECK (length(hash) = 64),
  deleted_rows  INTEGER NOT NULL CHECK (deleted_rows >= 0),
  recorded_at   TEXT NOT NULL,
  reason        TEXT NOT NULL CHECK (reason IN ('genesis', 'retention'))
) STRICT;
${appendOnlyTriggers('audit_chain_anchor', ANCHOR_COLUMNS, { supersedable: false })}
${keyGuardTriggers('audit_chain_anchor', [['last_id']])}
CREATE TRIGGER audit_chain_anchor_moves_forward BEFORE INSERT ON audit_chain_anchor
  WHEN NEW.last_id <= (SELECT coalesce(max(last_id), -1) FROM audit_chain_anchor)
   AND NOT EXISTS (SELECT 1 FROM audit_chain_anchor WHERE rowid = NEW.rowid OR last_id = NEW.last_id)
  BEGIN SELECT RAISE(ABORT, 'audit_chain_anchor: a new anchor must follow the last one'); END;
INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason)
  VALUES (0, '${GENESIS_HASH}', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'genesis');
`,
  run: (db) => {
    chainExistingRows(db);
    db.exec(`
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_rewrite;
${appendOnlyTriggers('audit_log', [...AUDIT_COLUMNS, 'chain_version', 'prev_hash', 'row_hash'], { supersedable: false })}
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
  WHEN NEW.chain_version IS NULL OR NEW.prev_hash IS NULL OR NEW.row_hash IS NULL OR length(NEW.prev_hash) <> 64 OR length(NEW.row_hash) <> 64
  BEGIN SELECT RAISE(ABORT, 'audit_log rows are chained: chain_version, prev_hash and row_hash are required'); END;
`);
  },
};

function chainExistingRows(db: Db): void {
  const page = db.prepare<{ after: number }, Omit<ChainedAuditRow, 'chain_version' | 'prev_hash'>>(
    `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_log WHERE id > @after ORDER BY id LIMIT ${CHAIN_PAGE}`,
  );
  const stamp = db.prepare('UPDATE audit_log SET chain_version = @version, prev_hash = @prev, row_hash = @hash WHERE id = @id');
  let prev = GENESIS_HASH;
  let after = 0;
  for (let rows = page.all({ after }); rows.length > 0; rows = page.all({ after })) {
    for (const row of rows) {
      const hash = auditRowHash({ ...row, chain_version: CHAIN_VERSION, prev_hash: prev });
      stamp.run({ version: CHAIN_VERSION, prev, hash, id: row.id });
      prev = hash;
      after = row.id;
    }
  }
}
