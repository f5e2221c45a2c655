import type { Db } from '../store/open-database.js';
import type { OutboxState } from './outbox.js';

/**
 * The reads behind the metrics gauges and the self-check: how the outbox, alerts and imports stand, and what in
 * today's organisation cannot be reached. The gauges' statements run at every scrape and are each answered from an
 * index (EXPLAIN QUERY PLAN is checked in test/bot/metrics/scrape-queries.test.ts).
 */
export class OperationsReads {
  private readonly inState = new Map<OutboxState, () => number>();
  private readonly oldestPending;
  private readonly unrouted;
  private readonly unclaimed;
  private readonly lastImport;
  private readonly sofUnits;
  private readonly withoutTeams;

  constructor(private readonly db: Db) {
    this.oldestPending = db.prepare<[], string | null>("SELECT min(created_at) FROM outbox WHERE state = 'pending'").pluck();
    this.unrouted = db.prepare<[], number>("SELECT count(*) FROM alerts WHERE channel_id IS NULL AND state = 'open'").pluck();
    this.unclaimed = db.prepare<[], number>("SELECT count(*) FROM alerts WHERE state = 'open' AND delivered_at IS NOT NULL").pluck();
    this.lastImport = db.prepare<[], string | null>('SELECT max(finished_at) FROM import_runs').pluck();
    this.sofUnits = db
      .prepare<{ asOf: string }, string>(
        "SELECT DISTINCT unit_id FROM case_versions WHERE administration = 'SOF' AND superseded_at IS NULL AND valid_from <= @asOf AND (valid_to IS NULL OR valid_to >= @asOf) ORDER BY unit_id",
      )
      .pluck();
    this.withoutTeams = db
      .prepare<{ asOf: string }, string>(
        `SELECT DISTINCT e.employee_id FROM employee_versions e WHERE e.aad_object_id IS NULL AND e.superseded_at IS NULL AND e.valid_from <= @asOf AND (e.valid_to IS NULL OR e.valid_to >= @asOf)
       AND NOT EXISTS (SELECT 1 FROM employee_aad_links l WHERE l.employee_id = e.employee_id AND l.superseded_at IS NULL) ORDER BY e.employee_id`,
      )
      .pluck();
  }

  outboxInState(state: OutboxState): number {
    let count = this.inState.get(state);
    if (!count) {
      // One statement per state: a partial index (WHERE state = 'sent') is used only for a literal, not a parameter.
      const statement = this.db.prepare<[], number>(`SELECT count(*) FROM outbox WHERE state = '${state}'`).pluck();
      this.inState.set(state, (count = () => statement.get() as number));
    }
    return count();
  }

  /** ISO timestamp of the oldest message waiting to be sent, or null when none waits. */
  oldestPendingCreatedAt(): string | null {
    return (this.oldestPending.get() as string | null) ?? null;
  }

  /** Open alerts with no channel to go to. */
  unroutedAlerts(): number {
    return this.unrouted.get() as number;
  }

  /** Open alerts that were delivered and that nobody has claimed or resolved. */
  unclaimedAlerts(): number {
    return this.unclaimed.get() as number;
  }

  /** ISO timestamp of when the last finished import finished, or null when none has. */
  lastImportFinishedAt(): string | null {
    return (this.lastImport.get() as string | null) ?? null;
  }

  /** Units with SOF cases in force on `asOf`, in id order. */
  sofUnitsWithOpenCases(asOf: string): string[] {
    return this.sofUnits.all({ asOf }) as string[];
  }

  /** Employees in force on `asOf` with no Teams identity, neither from employees.csv nor linked at first contact. */
  employeesWithoutTeams(asOf: string): string[] {
    return this.withoutTeams.all({ asOf }) as string[];
  }
}
