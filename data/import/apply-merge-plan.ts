import type { Sql } from '../sql/sql.js';
import type { ImportSession } from './import-session.js';
import type { MergePlan } from './plan-merge.js';

/** The store changed between planning and applying (another import, or retention deleted citizens). */
export class ImportConflict extends Error {}

/**
 * Applies a plan inside the caller's write transaction: supersedes the planned versions and inserts the planned
 * rows. Every planned version must still be current; otherwise someone else changed the table since the plan was
 * made, and the caller's transaction must be rolled back.
 */
export async function applyMergePlan({ sql, temp }: ImportSession, plan: MergePlan, context: { now: string; runId: number }): Promise<void> {
  const table = plan.spec.table;
  const { changes: superseded } = await sql.run(
    `UPDATE ${table} SET superseded_at = @now WHERE version_id IN (SELECT version_id FROM ${temp}${plan.supersedeTable}) AND superseded_at IS NULL`,
    { now: context.now },
  );
  if (superseded !== plan.supersedeCount) throw new ImportConflict(`${table}: ${plan.supersedeCount - superseded} planned versions were no longer current`);
  await sql.run(
    `INSERT INTO ${table} (${plan.columns.join(', ')}, recorded_at, import_run_id)
     SELECT ${plan.columns.join(', ')}, @now, @runId FROM ${temp}${plan.insertTable} ORDER BY seq`,
    { now: context.now, runId: context.runId },
  );
}

/**
 * What must not change between planning and applying: the newest import run and the newest retention run. Read it
 * in the planning snapshot and again under the write lock.
 */
export async function storeGeneration(sql: Sql): Promise<string> {
  const row = await sql.get<{ generation: string }>(
    "SELECT (SELECT coalesce(max(id), 0) FROM import_runs) || '/' || (SELECT coalesce(max(finished_at), '') FROM retention_runs) AS generation",
  );
  return row!.generation;
}

/**
 * The key (Sql.atomic's `serialiseOn`) that an import's switch and each retention batch hold, so that on PostgreSQL
 * the switch's "nothing moved since the plan" checks and its writes see no retention batch land in between.
 */
export const STORE_GENERATION_KEY = 'store-generation';
