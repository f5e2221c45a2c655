import { keyGuardTriggers } from './key-guard-triggers.js';
import type { Migration } from './migration.js';

/** Every table with append-only triggers (001–006), with its unique constraints other than the rowid. */
const appendOnlyTables: readonly [table: string, uniqueKeys: readonly (readonly string[])[]][] = [
  ['unit_versions', []],
  ['employee_versions', []],
  ['citizen_versions', []],
  ['case_versions', []],
  ['shared_citizen_overrides', []],
  ['audit_log', []],
  ['unit_channel_links', []],
  ['events', [['webhook_id']]],
  ['hotline_whitelist_versions', []],
  ['hotline_whitelist_chat', []],
  ['hotline_presence', []],
  ['hotline_routings', []],
  ['guide_entry_versions', []],
  ['announcement_revisions', [['announcement_id', 'revision']]],
  ['action_plan_versions', []],
  ['activation_versions', []],
  ['goal_target_versions', []],
];

/**
 * Append-only whatever the connection: an insert over an existing row (`INSERT OR REPLACE`, `REPLACE INTO`, an
 * upsert) and a change of rowid are refused by the schema itself, not only when `recursive_triggers` is on.
 */
export const appendOnlyAnyConnection: Migration = {
  version: 7,
  name: 'append-only-any-connection',
  sql: appendOnlyTables.map(([table, uniqueKeys]) => keyGuardTriggers(table, uniqueKeys)).join('\n'),
};
