import { appendOnlyTriggers } from './append-only-triggers.js';
import type { Migration } from './migration.js';
import { versionColumns, versionImmutable } from './version-columns.js';

/**
 * The strategy's goals (ledelsesinformation): offers of a social action plan, activation periods and the yearly
 * targets, each versioned like the organisation. Number 5 is left to the announcements migration.
 */
export const goalStatus: Migration = {
  version: 6,
  name: 'goal-status',
  sql: `
-- Offers of a social action plan (Serviceloven § 141) from action_plans.csv. An offer is a one-day fact identified
-- by (cpr, offered_date): source_from = source_to = valid_from = valid_to = the offer's date. outcome 'declined'
-- means the citizen said no and SOF wrote a process note (procesnotat) instead.
CREATE TABLE action_plan_versions (
  version_id      INTEGER PRIMARY KEY,
  cpr             TEXT NOT NULL CHECK (length(cpr) = 10),
  outcome         TEXT NOT NULL CHECK (outcome IN ('accepted', 'declined')),
  completed_date  TEXT,
  ${versionColumns},
  CHECK (valid_to = valid_from)
) STRICT;
CREATE INDEX action_plan_versions_by_key ON action_plan_versions (cpr, source_from);
CREATE INDEX action_plan_versions_by_date ON action_plan_versions (valid_from) WHERE superseded_at IS NULL;
${appendOnlyTriggers('action_plan_versions', ['version_id', 'cpr', 'outcome', 'completed_date', ...versionImmutable], { supersedable: true })}

-- Activation periods (BIF) from activations.csv, identified by (cpr, type, from); an empty "to" is ongoing.
CREATE TABLE activation_versions (
  version_id  INTEGER PRIMARY KEY,
  cpr         TEXT NOT NULL CHECK (length(cpr) = 10),
  type        TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 60),
  ${versionColumns}
) STRICT;
CREATE INDEX activation_versions_by_key ON activation_versions (cpr, type, source_from);
${appendOnlyTriggers('activation_versions', ['version_id', 'cpr', 'type', ...versionImmutable], { supersedable: true })}

-- Yearly targets from goal_targets.csv: action_plan_offers is a number of offers per calendar year, activation_rate
-- a percentage. The target for a month is the one in force on the month's last day; an open end keeps the latest
-- target in force for the years after it.
CREATE TABLE goal_target_versions (
  version_id  INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('action_plan_offers', 'activation_rate')),
  value       REAL NOT NULL CHECK (value >= 0),
  ${versionColumns},
  CHECK (kind <> 'activation_rate' OR value <= 100)
) STRICT;
CREATE INDEX goal_target_versions_by_key ON goal_target_versions (kind, source_from);
${appendOnlyTriggers('goal_target_versions', ['version_id', 'kind', 'value', ...versionImmutable], { supersedable: true })}

-- The strategy's own targets (DOMAIN.md; seeds 000, 003 § 5 and 004): 1,000 offers in 2009, 1,000 more in 2010 and
-- 1,500 more in 2011; activation 40 % in 2009, adjusted to 40 % in 2010 and 50 % at the end of the period. The 2011
-- targets stay in force until goal_targets.csv says otherwise.
INSERT INTO goal_target_versions (kind, value, source_from, source_to, valid_from, valid_to, recorded_at) VALUES
  ('action_plan_offers', 1000, '2009-01-01', '2009-12-31', '2009-01-01', '2009-12-31', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('action_plan_offers', 1000, '2010-01-01', '2010-12-31', '2010-01-01', '2010-12-31', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('action_plan_offers', 1500, '2011-01-01', NULL, '2011-01-01', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('activation_rate', 40, '2009-01-01', '2009-12-31', '2009-01-01', '2009-12-31', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('activation_rate', 40, '2010-01-01', '2010-12-31', '2010-01-01', '2010-12-31', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('activation_rate', 50, '2011-01-01', NULL, '2011-01-01', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
`,
};
