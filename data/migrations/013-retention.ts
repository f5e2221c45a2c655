import type { Migration } from './migration.js';

/** The append-only tables that hold facts about one citizen (by `cpr`): retention deletes a citizen's rows in each. */
export const CITIZEN_HISTORY_TABLES = [
  'citizen_versions',
  'case_versions',
  'consent_versions',
  'shared_citizen_overrides',
  'events',
  'action_plan_versions',
  'activation_versions',
] as const;

const refuse = (table: string) => `SELECT RAISE(ABORT, '${table} is append-only: rows cannot be deleted'); END;`;

/**
 * Retention's deliberate, narrow exception to the append-only triggers (the only one):
 * - a citizen's history row may be deleted only while its CPR is listed in `retention_due_citizens`, a table the
 *   retention run fills and empties again inside each of its delete transactions (so it is empty whenever committed);
 * - an audit row may be deleted only when an anchor covers it, and a retention anchor may be added only with the
 *   hash of the row it names and the number of rows it covers: the chain stays verifiable from the new anchor.
 * Every other delete is refused as before, whatever the connection.
 */
export const retention: Migration = {
  version: 13,
  name: 'retention',
  sql: `
CREATE TABLE retention_due_citizens (
  cpr  TEXT PRIMARY KEY CHECK (length(cpr) = 10)
) STRICT;

CREATE TABLE retention_runs (
  day          TEXT PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  trigger      TEXT NOT NULL CHECK (trigger IN ('daily', 'command')),
  summary      TEXT NOT NULL
) STRICT;

CREATE INDEX events_by_cpr ON events (cpr) WHERE cpr IS NOT NULL;

${CITIZEN_HISTORY_TABLES.map(
  (table) => `DROP TRIGGER ${table}_no_delete;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  WHEN NOT EXISTS (SELECT 1 FROM retention_due_citizens WHERE cpr = OLD.cpr)
  BEGIN ${refuse(table)}`,
).join('\n')}

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  WHEN OLD.id > (SELECT max(last_id) FROM audit_chain_anchor)
  BEGIN ${refuse('audit_log')}

CREATE TRIGGER audit_chain_anchor_retention_covers BEFORE INSERT ON audit_chain_anchor
  WHEN NEW.reason = 'retention'
   AND (NEW.hash IS NOT (SELECT row_hash FROM audit_log WHERE id = NEW.last_id)
        OR NEW.deleted_rows <> (SELECT count(*) FROM audit_log WHERE id <= NEW.last_id))
  BEGIN SELECT RAISE(ABORT, 'audit_chain_anchor: a retention anchor names the last row it deletes, with its hash and the number of rows'); END;
`,
};
