import { appendOnlyTriggers } from './append-only-triggers.js';
import { keyGuardTriggers } from './key-guard-triggers.js';
import type { Migration } from './migration.js';
import { versionColumns, versionImmutable } from './version-columns.js';

/**
 * Citizens' consents to sharing between administrations (consents.csv; later Digitalt Samtykke), versioned like
 * every other fact. A consent record is identified by (cpr, purpose) and the day it was given (`source_from`); its
 * versions say what the source stated about it and when, so a withdrawal arriving later supersedes or closes the
 * version that did not know of it, and nothing is overwritten.
 */
export const consents: Migration = {
  version: 12,
  name: 'consents',
  sql: `
-- source_from is the day the consent was given; source_to stays NULL (the record holds until the source drops it).
-- expires_on and withdrawn_on are the first days the consent no longer counts. administrations: '|'-separated,
-- the administrations the consent lets share with each other (bif_sof_sharing: BIF|SOF).
CREATE TABLE consent_versions (
  version_id       INTEGER PRIMARY KEY,
  cpr              TEXT NOT NULL CHECK (length(cpr) = 10),
  purpose          TEXT NOT NULL CHECK (purpose IN ('bif_sof_sharing')),
  expires_on       TEXT CHECK (expires_on IS NULL OR expires_on >= source_from),
  withdrawn_on     TEXT CHECK (withdrawn_on IS NULL OR withdrawn_on >= source_from),
  source           TEXT NOT NULL CHECK (source IN ('import', 'digitalt_samtykke')),
  reference        TEXT CHECK (reference IS NULL OR length(reference) <= 100),
  administrations  TEXT NOT NULL CHECK (length(administrations) >= 1),
  ${versionColumns}
) STRICT;
CREATE INDEX consent_versions_by_key ON consent_versions (cpr, purpose, source_from);
${appendOnlyTriggers('consent_versions', ['version_id', 'cpr', 'purpose', 'expires_on', 'withdrawn_on', 'source', 'reference', 'administrations', ...versionImmutable], { supersedable: true })}
${keyGuardTriggers('consent_versions')}
`,
};
