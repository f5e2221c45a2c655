import { SqliteAuditLog } from '../sqlite/sqlite-audit-log.js';
import type { Db } from '../store/open-database.js';

/**
 * A channel linked to a unit through units.csv (`teams_channel_id`) is audited like a link made in chat: one
 * `channel.linked` row per unit whose channel this import run set or changed, chained like every audit row.
 */
export function auditImportedChannelLinks(db: Db, runId: number, now: string, today: string): number {
  const links = db
    .prepare<{ runId: number }, { unitId: string; channelId: string }>(
      `SELECT DISTINCT n.unit_id AS unitId, n.teams_channel_id AS channelId
         FROM unit_versions n
        WHERE n.import_run_id = @runId AND n.teams_channel_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM unit_versions o
                           WHERE o.unit_id = n.unit_id AND o.teams_channel_id = n.teams_channel_id
                             AND (o.import_run_id IS NULL OR o.import_run_id <> @runId))
        ORDER BY n.unit_id`,
    )
    .all({ runId });
  const audit = new SqliteAuditLog(db);
  for (const { unitId, channelId } of links) {
    audit.append({
      at: new Date(now),
      action: 'channel.linked',
      purpose: 'advis',
      result: 'recorded',
      actorEmployeeId: null,
      actorAadObjectId: null,
      actorAdministration: null,
      citizenCpr: null,
      asOf: today,
      detail: { unitId, channelId, source: 'units.csv', importRunId: runId },
    });
  }
  return links.length;
}
