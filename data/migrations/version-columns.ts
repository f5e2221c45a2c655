/**
 * Every organisational fact is a version row with a validity period (valid_from … valid_to, both inclusive,
 * valid_to NULL = until further notice). `source_from`/`source_to` keep the period exactly as the source system
 * sent it; (key, source_from) identifies one source fact across imports. When a fact changes, its current version
 * is superseded (never edited or deleted) and replaced by a closed copy plus a new version.
 */
export const versionColumns = `
  source_from    TEXT NOT NULL,
  source_to      TEXT,
  valid_from     TEXT NOT NULL,
  valid_to       TEXT,
  recorded_at    TEXT NOT NULL,
  superseded_at  TEXT,
  import_run_id  INTEGER REFERENCES import_runs(id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)`;

export const versionImmutable = ['source_from', 'source_to', 'valid_from', 'valid_to', 'recorded_at', 'import_run_id'];
