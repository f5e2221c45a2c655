import type { Sql } from '../sql/sql.js';
import type { OutboxState } from './outbox.js';

/** One statement per state: a partial index (WHERE state = 'sent') is used only for a literal, not a parameter. */
export const outboxInStateSql = (state: OutboxState) => `SELECT count(*) AS n FROM outbox WHERE state = '${state}'`;
export const OLDEST_PENDING_SQL = "SELECT min(created_at) AS at FROM outbox WHERE state = 'pending'";
export const UNROUTED_ALERTS_SQL = "SELECT count(*) AS n FROM alerts WHERE channel_id IS NULL AND state = 'open'";
export const UNCLAIMED_ALERTS_SQL = "SELECT count(*) AS n FROM alerts WHERE state = 'open' AND delivered_at IS NOT NULL";
const LAST_IMPORT = 'SELECT max(finished_at) AS at FROM import_runs';
const SOF_UNITS =
  "SELECT DISTINCT unit_id FROM case_versions WHERE administration = 'SOF' AND superseded_at IS NULL AND valid_from <= @asOf AND (valid_to IS NULL OR valid_to >= @asOf) ORDER BY unit_id";
const WITHOUT_TEAMS = `SELECT DISTINCT e.employee_id FROM employee_versions e WHERE e.aad_object_id IS NULL AND e.superseded_at IS NULL AND e.valid_from <= @asOf AND (e.valid_to IS NULL OR e.valid_to >= @asOf)
       AND NOT EXISTS (SELECT 1 FROM employee_aad_links l WHERE l.employee_id = e.employee_id AND l.superseded_at IS NULL) ORDER BY e.employee_id`;

/**
 * The reads behind the metrics gauges and the self-check: how the outbox, alerts and imports stand, and what in
 * today's organisation cannot be reached. The gauges' statements run at every scrape and are each answered from an
 * index (EXPLAIN QUERY PLAN of these very texts is checked in test/bot/metrics/scrape-queries.test.ts).
 */
export class OperationsReads {
  constructor(private readonly sql: Sql) {}

  async outboxInState(state: OutboxState): Promise<number> {
    return this.count(outboxInStateSql(state));
  }

  /** ISO timestamp of the oldest message waiting to be sent, or null when none waits. */
  async oldestPendingCreatedAt(): Promise<string | null> {
    return (await this.sql.get<{ at: string | null }>(OLDEST_PENDING_SQL))?.at ?? null;
  }

  /** Open alerts with no channel to go to. */
  async unroutedAlerts(): Promise<number> {
    return this.count(UNROUTED_ALERTS_SQL);
  }

  /** Open alerts that were delivered and that nobody has claimed or resolved. */
  async unclaimedAlerts(): Promise<number> {
    return this.count(UNCLAIMED_ALERTS_SQL);
  }

  /** ISO timestamp of when the last finished import finished, or null when none has. */
  async lastImportFinishedAt(): Promise<string | null> {
    return (await this.sql.get<{ at: string | null }>(LAST_IMPORT))?.at ?? null;
  }

  /** Units with SOF cases in force on `asOf`, in id order. */
  async sofUnitsWithOpenCases(asOf: string): Promise<string[]> {
    return (await this.sql.all<{ unit_id: string }>(SOF_UNITS, { asOf })).map((row) => row.unit_id);
  }

  /** Employees in force on `asOf` with no Teams identity, neither from employees.csv nor linked at first contact. */
  async employeesWithoutTeams(asOf: string): Promise<string[]> {
    return (await this.sql.all<{ employee_id: string }>(WITHOUT_TEAMS, { asOf })).map((row) => row.employee_id);
  }

  private async count(text: string): Promise<number> {
    return (await this.sql.get<{ n: number }>(text))?.n ?? 0;
  }
}
