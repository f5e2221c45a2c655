import type { Db } from '../store/open-database.js';
import type { MergePlan } from './plan-merge.js';

/** The store changed between planning and applying (another import, or retention deleted citizens). */
export class ImportConflict extends Error {}

/**
 * Applies a plan inside the caller's write transaction: supersedes the planned versions and inserts the planned
 * rows. Every planned version must still be current; otherwise someone else changed the table since the plan was
 * made, and the caller's transaction must be rolled back.
 */
export function applyMergePlan(db: Db, plan: MergePlan, context: { now: string; runId: number }): void {
  const table = plan.spec.table;
  const superseded = db
    .prepare(`UPDATE ${table} SET superseded_at = @now WHERE version_id IN (SELECT version_id FROM temp.${plan.supersedeTable}) AND superseded_at IS NULL`)
    .run({ now: context.now }).changes;
  if (superseded !== plan.supersedeCount) throw new ImportConflict(`${table}: ${plan.supersedeCount - superseded} planned versions were no longer current`);
  db.prepare(
    `INSERT INTO ${table} (${plan.columns.join(', ')}, recorded_at, import_run_id)
     SELECT ${plan.columns.join(', ')}, @now, @runId FROM temp.${plan.insertTable} ORDER BY seq`,
  ).run({ now: context.now, runId: context.runId });
}

/**
 * What must not change between planning and applying: the newest import run and the newest retention run. Read it
 * in the planning snapshot and again under the write lock.
 */
export function storeGeneration(db: Db): string {
  return db
    .prepare("SELECT (SELECT coalesce(max(id), 0) FROM import_runs) || '/' || (SELECT coalesce(max(finished_at), '') FROM retention_runs)")
    .pluck()
    .get() as string;
}
