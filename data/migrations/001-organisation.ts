import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';
import { versionColumns, versionImmutable } from './version-columns.js';

export const organisation: Migration = {
  version: 1,
  name: 'organisation',
  sql: `
CREATE TABLE administrations (
  code     TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 20),
  name_da  TEXT NOT NULL,
  name_en  TEXT NOT NULL
) STRICT;

INSERT INTO administrations (code, name_da, name_en) VALUES
  ('BIF', 'Beskæftigelses- og Integrationsforvaltningen', 'Employment and Integration Administration'),
  ('SOF', 'Socialforvaltningen', 'Social Services Administration'),
  ('BIF-SOF', 'Fælles for BIF og SOF', 'Joint BIF–SOF'),
  ('BUF', 'Børne- og Ungdomsforvaltningen', 'Children and Youth Administration'),
  ('KFF', 'Kultur- og Fritidsforvaltningen', 'Culture and Leisure Administration'),
  ('SUF', 'Sundheds- og Omsorgsforvaltningen', 'Health and Care Administration'),
  ('TMF', 'Teknik- og Miljøforvaltningen', 'Technical and Environmental Administration'),
  ('ØKF', 'Økonomiforvaltningen', 'Finance Administration');

CREATE TABLE import_runs (
  id           INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  folder       TEXT NOT NULL,
  summary      TEXT
) STRICT;

CREATE TABLE unit_versions (
  version_id        INTEGER PRIMARY KEY,
  unit_id           TEXT NOT NULL,
  name              TEXT NOT NULL,
  administration    TEXT NOT NULL REFERENCES administrations(code),
  parent_id         TEXT,
  phone             TEXT,
  email             TEXT,
  teams_channel_id  TEXT,
  entry_point       INTEGER NOT NULL DEFAULT 0 CHECK (entry_point IN (0, 1)),
  ${versionColumns}
) STRICT;
CREATE INDEX unit_versions_by_key ON unit_versions (unit_id, source_from);
CREATE INDEX unit_versions_entry_points ON unit_versions (administration) WHERE entry_point = 1;
${appendOnlyTriggers('unit_versions', ['version_id', 'unit_id', 'name', 'administration', 'parent_id', 'phone', 'email', 'teams_channel_id', 'entry_point', ...versionImmutable], { supersedable: true })}

CREATE TABLE employee_versions (
  version_id     INTEGER PRIMARY KEY,
  employee_id    TEXT NOT NULL,
  name           TEXT NOT NULL,
  upn            TEXT,
  aad_object_id  TEXT,
  phone          TEXT,
  email          TEXT,
  unit_id        TEXT NOT NULL,
  roles          TEXT NOT NULL,
  ${versionColumns}
) STRICT;
CREATE INDEX employee_versions_by_key ON employee_versions (employee_id, source_from);
CREATE INDEX employee_versions_by_aad ON employee_versions (aad_object_id) WHERE aad_object_id IS NOT NULL;
${appendOnlyTriggers('employee_versions', ['version_id', 'employee_id', 'name', 'upn', 'aad_object_id', 'phone', 'email', 'unit_id', 'roles', ...versionImmutable], { supersedable: true })}

CREATE TABLE citizen_versions (
  version_id  INTEGER PRIMARY KEY,
  cpr         TEXT NOT NULL CHECK (length(cpr) = 10),
  name        TEXT NOT NULL,
  ${versionColumns}
) STRICT;
CREATE INDEX citizen_versions_by_key ON citizen_versions (cpr, source_from);
${appendOnlyTriggers('citizen_versions', ['version_id', 'cpr', 'name', ...versionImmutable], { supersedable: true })}

CREATE TABLE case_versions (
  version_id      INTEGER PRIMARY KEY,
  cpr             TEXT NOT NULL CHECK (length(cpr) = 10),
  administration  TEXT NOT NULL REFERENCES administrations(code),
  unit_id         TEXT NOT NULL,
  caseworker_id   TEXT,
  category        TEXT,
  green_line      INTEGER NOT NULL DEFAULT 0 CHECK (green_line IN (0, 1)),
  ${versionColumns}
) STRICT;
CREATE INDEX case_versions_by_key ON case_versions (cpr, administration, unit_id, source_from);
${appendOnlyTriggers('case_versions', ['version_id', 'cpr', 'administration', 'unit_id', 'caseworker_id', 'category', 'green_line', ...versionImmutable], { supersedable: true })}
`,
};
