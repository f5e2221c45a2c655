import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';

export const sharedCitizensAndAudit: Migration = {
  version: 2,
  name: 'shared-citizens-and-audit',
  sql: `
-- A specialist's manual decision that a citizen is (shared = 1) or is not (shared = 0) a shared citizen,
-- overriding the derived rule from valid_from until further notice.
CREATE TABLE shared_citizen_overrides (
  override_id     INTEGER PRIMARY KEY,
  cpr             TEXT NOT NULL CHECK (length(cpr) = 10),
  shared          INTEGER NOT NULL CHECK (shared IN (0, 1)),
  reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  by_employee_id  TEXT NOT NULL,
  valid_from      TEXT NOT NULL,
  valid_to        TEXT,
  recorded_at     TEXT NOT NULL,
  superseded_at   TEXT,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX shared_citizen_overrides_by_cpr ON shared_citizen_overrides (cpr);
${appendOnlyTriggers('shared_citizen_overrides', ['override_id', 'cpr', 'shared', 'reason', 'by_employee_id', 'valid_from', 'valid_to', 'recorded_at'], { supersedable: true })}

-- Every lookup of personal data, allowed or refused, and every change made on a citizen's behalf.
CREATE TABLE audit_log (
  id                    INTEGER PRIMARY KEY,
  at                    TEXT NOT NULL,
  action                TEXT NOT NULL,
  purpose               TEXT NOT NULL,
  result                TEXT NOT NULL,
  actor_employee_id     TEXT,
  actor_aad_object_id   TEXT,
  actor_administration  TEXT,
  citizen_cpr           TEXT,
  as_of                 TEXT,
  shown                 TEXT,
  detail                TEXT
) STRICT;
CREATE INDEX audit_log_by_citizen ON audit_log (citizen_cpr, at) WHERE citizen_cpr IS NOT NULL;
CREATE INDEX audit_log_by_time ON audit_log (at);
${appendOnlyTriggers('audit_log', ['id', 'at', 'action', 'purpose', 'result', 'actor_employee_id', 'actor_aad_object_id', 'actor_administration', 'citizen_cpr', 'as_of', 'shown', 'detail'], { supersedable: false })}

-- A confirmation a card asks for (e.g. "mark as shared citizen"): the card carries only this row's random id,
-- so nothing in the card can be altered to change what is confirmed.
CREATE TABLE pending_actions (
  id           TEXT PRIMARY KEY,
  employee_id  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  payload      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  settled_at   TEXT,
  outcome      TEXT
) STRICT;

-- Who has had the welcome card, so a user who writes first (without an install event) is greeted once.
CREATE TABLE greeted_users (
  aad_object_id  TEXT PRIMARY KEY,
  greeted_at     TEXT NOT NULL
) STRICT;
`,
};
