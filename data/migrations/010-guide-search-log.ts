import type { Migration } from './migration.js';

/**
 * What the guide was asked and whether its answers were opened, for the specialist unit's report. Minimised: the
 * question without CPR numbers and names, the asker's administration but never who asked. Rows older than
 * GUIDE_SEARCH_LOG_DAYS are deleted as new ones are written (by the time index, which the report also reads by).
 */
export const guideSearchLog: Migration = {
  version: 10,
  name: 'guide-search-log',
  sql: `
CREATE TABLE guide_searches (
  search_id       INTEGER PRIMARY KEY,
  searched_at     TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('command', 'fallback')),
  query           TEXT NOT NULL CHECK (length(query) <= 200),
  query_folded    TEXT NOT NULL,
  administration  TEXT NOT NULL CHECK (administration IN ('BIF', 'SOF', 'other')),
  hits            INTEGER NOT NULL CHECK (hits >= 0)
) STRICT;
CREATE INDEX guide_searches_by_time ON guide_searches (searched_at);

-- The entries a search showed ("Vis flere" adds to them), and when one was opened with "Vis hele".
CREATE TABLE guide_search_results (
  search_id  INTEGER NOT NULL REFERENCES guide_searches(search_id) ON DELETE CASCADE,
  entry_id   TEXT NOT NULL,
  position   INTEGER NOT NULL,
  opened_at  TEXT,
  PRIMARY KEY (search_id, entry_id)
) STRICT, WITHOUT ROWID;
`,
};
