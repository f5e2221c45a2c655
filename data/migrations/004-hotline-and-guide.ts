import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';
import { versionColumns, versionImmutable } from './version-columns.js';

const employeeColumns = ['version_id', 'employee_id', 'name', 'upn', 'aad_object_id', 'phone', 'email', 'unit_id', 'roles', 'skills', ...versionImmutable];

export const hotlineAndGuide: Migration = {
  version: 4,
  name: 'hotline-and-guide',
  sql: `
-- Hotline agents' skills (benefit areas and topics), '|'-separated like roles. Part of the employee's versioned facts.
ALTER TABLE employee_versions ADD COLUMN skills TEXT NOT NULL DEFAULT '';
DROP TRIGGER employee_versions_no_rewrite;
CREATE TRIGGER employee_versions_no_rewrite BEFORE UPDATE OF ${employeeColumns.join(', ')} ON employee_versions
  BEGIN SELECT RAISE(ABORT, 'employee_versions is append-only: history cannot be rewritten'); END;
CREATE INDEX employee_versions_by_phone ON employee_versions (phone) WHERE phone IS NOT NULL;
CREATE INDEX unit_versions_by_phone ON unit_versions (phone) WHERE phone IS NOT NULL;

-- Explicit hotline whitelist entries from hotline_whitelist.csv, versioned like the organisation.
CREATE TABLE hotline_whitelist_versions (
  version_id  INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('phone', 'aad')),
  value       TEXT NOT NULL,
  note        TEXT,
  ${versionColumns}
) STRICT;
CREATE INDEX hotline_whitelist_versions_by_key ON hotline_whitelist_versions (kind, value, source_from);
${appendOnlyTriggers('hotline_whitelist_versions', ['version_id', 'kind', 'value', 'note', ...versionImmutable], { supersedable: true })}

-- Whitelist entries added or ended by admins in chat; kept apart from the file so an import never ends them.
CREATE TABLE hotline_whitelist_chat (
  entry_id        INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('phone', 'aad')),
  value           TEXT NOT NULL,
  note            TEXT,
  by_employee_id  TEXT NOT NULL,
  valid_from      TEXT NOT NULL,
  valid_to        TEXT,
  recorded_at     TEXT NOT NULL,
  superseded_at   TEXT,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX hotline_whitelist_chat_by_value ON hotline_whitelist_chat (kind, value);
${appendOnlyTriggers('hotline_whitelist_chat', ['entry_id', 'kind', 'value', 'note', 'by_employee_id', 'valid_from', 'valid_to', 'recorded_at'], { supersedable: true })}

-- What agents said about themselves in chat ("hotline optaget" …); the newest row of the day counts.
CREATE TABLE hotline_presence (
  presence_id  INTEGER PRIMARY KEY,
  employee_id  TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('available', 'busy', 'away')),
  set_at       TEXT NOT NULL,
  day          TEXT NOT NULL
) STRICT;
CREATE INDEX hotline_presence_by_employee ON hotline_presence (employee_id, day, presence_id);
${appendOnlyTriggers('hotline_presence', ['presence_id', 'employee_id', 'status', 'set_at', 'day'], { supersedable: false })}

-- Every routing decision that named an agent: the basis of "least recently routed to".
CREATE TABLE hotline_routings (
  routing_id   INTEGER PRIMARY KEY,
  routed_at    TEXT NOT NULL,
  employee_id  TEXT NOT NULL,
  via          TEXT NOT NULL CHECK (via IN ('api', 'chat')),
  topic        TEXT
) STRICT;
CREATE INDEX hotline_routings_by_employee ON hotline_routings (employee_id, routed_at);
${appendOnlyTriggers('hotline_routings', ['routing_id', 'routed_at', 'employee_id', 'via', 'topic'], { supersedable: false })}

-- The guide (vejviser), versioned like the organisation. keywords are '|'-separated.
CREATE TABLE guide_entry_versions (
  version_id  INTEGER PRIMARY KEY,
  entry_id    TEXT NOT NULL,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  keywords    TEXT NOT NULL,
  unit_id     TEXT,
  url         TEXT,
  ${versionColumns}
) STRICT;
CREATE INDEX guide_entry_versions_by_key ON guide_entry_versions (entry_id, source_from);
${appendOnlyTriggers('guide_entry_versions', ['version_id', 'entry_id', 'title', 'body', 'keywords', 'unit_id', 'url', ...versionImmutable], { supersedable: true })}

-- Full-text index over the guide's versions (rowid = version_id), holding text already folded and stemmed by the
-- Danish normaliser (bot/guide/normalise-danish.ts); rebuilt from guide_entry_versions after every guide import.
CREATE VIRTUAL TABLE guide_search USING fts5(title, keywords, body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE guide_terms USING fts5vocab(guide_search, 'row');
`,
};
