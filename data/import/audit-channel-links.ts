import { AuditLog } from '../repositories/audit-log.js';
import type { Sql } from '../sql/sql.js';

/**
 * A channel linked to a unit through units.csv (`teams_channel_id`) is audited like a link made in chat: one
 * `channel.linked` row per unit whose channel this import run set or changed, chained like every audit row.
 */
export async function auditImportedChannelLinks(sql: Sql, runId: number, now: string, today: string): Promise<number> {
  const links = await sql.all<{ unitId: string; channelId: string }>(
    `SELECT DISTINCT n.unit_id AS "unitId", n.teams_channel_id AS "channelId"
       FROM unit_versions n
      WHERE n.import_run_id = @runId AND n.teams_channel_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM unit_versions o
                         WHERE o.unit_id = n.unit_id AND o.teams_channel_id = n.teams_channel_id
                           AND (o.import_run_id IS NULL OR o.import_run_id <> @runId))
      ORDER BY "unitId"`,
    { runId },
  );
  const audit = new AuditLog(sql);
  for (const { unitId, channelId } of links) {
    await audit.append({
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
