import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';

/**
 * Entra object ids learnt from Teams for employees whose employees.csv row has only a UPN. A table of its own, not
 * a new employee version: the next import writes the employee's versions from the file (which has no object id), so a
 * learnt id kept there would be lost or seen as a change every night. A link holds while the employee's version in
 * force has the UPN it was matched on; a replaced link is kept, stamped `superseded_at` (history).
 */
export const employeeAadLinks: Migration = {
  version: 15,
  name: 'employee-aad-links',
  sql: `
CREATE TABLE employee_aad_links (
  link_id        INTEGER PRIMARY KEY,
  aad_object_id  TEXT NOT NULL CHECK (aad_object_id = lower(aad_object_id)),
  employee_id    TEXT NOT NULL,
  upn            TEXT NOT NULL CHECK (upn = lower(upn)),
  linked_at      TEXT NOT NULL,
  superseded_at  TEXT
) STRICT;
CREATE UNIQUE INDEX employee_aad_links_current_by_aad ON employee_aad_links (aad_object_id) WHERE superseded_at IS NULL;
CREATE UNIQUE INDEX employee_aad_links_current_by_employee ON employee_aad_links (employee_id) WHERE superseded_at IS NULL;
${appendOnlyTriggers('employee_aad_links', ['link_id', 'aad_object_id', 'employee_id', 'upn', 'linked_at'], { supersedable: true })}
-- As keyGuardTriggers (migration 007), for keys that are unique among the current links only: INSERT OR REPLACE from a
-- connection without recursive_triggers would otherwise delete a current link without its delete trigger firing.
CREATE TRIGGER employee_aad_links_no_replace BEFORE INSERT ON employee_aad_links
  WHEN EXISTS (SELECT 1 FROM employee_aad_links WHERE rowid = NEW.rowid)
    OR (NEW.superseded_at IS NULL AND EXISTS (SELECT 1 FROM employee_aad_links
          WHERE superseded_at IS NULL AND (aad_object_id = NEW.aad_object_id OR employee_id = NEW.employee_id)))
  BEGIN SELECT RAISE(ABORT, 'employee_aad_links is append-only: a row with this key exists already'); END;
CREATE TRIGGER employee_aad_links_keep_rowid BEFORE UPDATE ON employee_aad_links
  WHEN NEW.rowid IS NOT OLD.rowid
  BEGIN SELECT RAISE(ABORT, 'employee_aad_links is append-only: history cannot be rewritten'); END;
`,
};
