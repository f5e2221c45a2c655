import type { Db } from '../store/open-database.js';

/**
 * A channel linked to a unit through units.csv (`teams_channel_id`) is audited like a link made in chat: one
 * `channel.linked` row per unit whose channel this import run set or changed.
 */
export function auditImportedChannelLinks(db: Db, runId: number, now: string, today: string): number {
  return db
    .prepare<{ runId: number; now: string; today: string }>(
      `INSERT INTO audit_log (at, action, purpose, result, actor_employee_id, actor_aad_object_id, actor_administration, citizen_cpr, as_of, shown, detail)
       SELECT DISTINCT @now, 'channel.linked', 'advis', 'recorded', NULL, NULL, NULL, NULL, @today, NULL,
              json_object('unitId', n.unit_id, 'channelId', n.teams_channel_id, 'source', 'units.csv', 'importRunId', @runId)
         FROM unit_versions n
        WHERE n.import_run_id = @runId AND n.teams_channel_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM unit_versions o
                           WHERE o.unit_id = n.unit_id AND o.teams_channel_id = n.teams_channel_id
                             AND (o.import_run_id IS NULL OR o.import_run_id <> @runId))`,
    )
    .run({ runId, now, today }).changes;
}
