import { appendOnlyTriggers } from './append-only-triggers.js';
import { keyGuardTriggers } from './key-guard-triggers.js';
import type { Migration } from './migration.js';
import { versionColumns, versionImmutable } from './version-columns.js';

/**
 * The guide's synonym lexicon (guide_synonyms.csv): a word or phrase people type, and what it means in the guide's
 * own words. Versioned like the guide entries, so a dated search uses the lexicon in force on its date.
 */
export const guideSynonyms: Migration = {
  version: 9,
  name: 'guide-synonyms',
  sql: `
-- word: as typed in the file, trimmed, spaces folded, lower case (1–3 words); means: '|'-separated, in the guide's words.
-- Both are folded and stemmed when the search reads them, by the same normaliser as the query.
CREATE TABLE guide_synonym_versions (
  version_id  INTEGER PRIMARY KEY,
  word        TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 80),
  means       TEXT NOT NULL CHECK (length(means) >= 1),
  ${versionColumns}
) STRICT;
CREATE INDEX guide_synonym_versions_by_key ON guide_synonym_versions (word, source_from);
${appendOnlyTriggers('guide_synonym_versions', ['version_id', 'word', 'means', ...versionImmutable], { supersedable: true })}
${keyGuardTriggers('guide_synonym_versions')}
`,
};
