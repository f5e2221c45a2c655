import { auditImportedChannelLinks } from './audit-channel-links.js';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import type { Db } from '../sqlite/db.js';
import { sqliteImportSession } from './sqlite-import-session.js';
import type { ImportSession } from './import-session.js';
import { checkDuplicatesAndOverlaps, checkReferences } from './check-staged.js';
import { ENTITY_SPECS, type EntitySpec } from './entity-specs.js';
import { ImportFileError, type ImportProblem } from './import-problem.js';
import { applyMergePlan, ImportConflict, storeGeneration } from './apply-merge-plan.js';
import { dropPlan, planMerge, type MergeCounts, type MergePlan } from './plan-merge.js';
import { createStage, type Stage } from './stage.js';
import { rejectsCsv, type Reject } from './rejects-file.js';
import { validateRows } from './validate-rows.js';

export type ImportOptions = {
  now: Date;
  /** Import the good rows and write the rejected ones to a rejects file, instead of importing nothing. */
  skipInvalid?: boolean;
  /** Allow a file to end more than MASS_END_SHARE of the facts in force (a partial file usually means a mistake). */
  allowMassEnd?: boolean;
  rejectsPath?: string;
  /** Called after each phase with its duration (the CLI's --verbose prints them), and awaited. */
  onPhase?: (phase: string, ms: number) => void | Promise<void>;
};

export type FileReport = { file: string; rows: number; rejected: number } & Partial<MergeCounts>;

export type ImportReport = {
  ok: boolean;
  files: FileReport[];
  problems: ImportProblem[];
  rejectsPath: string | null;
  runId: number | null;
};

export const MASS_END_SHARE = 0.2;
const MASS_END_MINIMUM = 20;

/**
 * Imports the known CSV files present in a folder. Every row is validated and every reference checked before the
 * store is touched; then every file's changes are planned from one snapshot without a write lock, and applied in
 * one short transaction, so an import is applied whole or not at all and never stalls the running bot.
 */
export async function importFolder(db: Db, folder: string, options: ImportOptions): Promise<ImportReport> {
  return importFiles(sqliteImportSession(db), folder, options);
}

/** importFolder on any engine's ImportSession (the store's importFolder on SQLite and PostgreSQL). */
export async function importFiles(session: ImportSession, folder: string, options: ImportOptions): Promise<ImportReport> {
  const { sql } = session;
  const present = ENTITY_SPECS.filter((spec) => existsSync(join(folder, spec.file)));
  if (present.length === 0) {
    return failed([{ file: folder, line: 0, column: null, message: `mappen indeholder ingen af filerne ${ENTITY_SPECS.map((spec) => spec.file).join(', ')}` }]);
  }
  const phase = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      await options.onPhase?.(name, performance.now() - started);
    }
  };
  const stages = new Map<EntitySpec, Stage>();
  const problems: ImportProblem[] = [];
  const rejects: Reject[] = [];
  const reports = new Map<EntitySpec, FileReport>();
  const plans: MergePlan[] = [];
  try {
    for (const spec of present) {
      const stage = await createStage(session, spec);
      stages.set(spec, stage);
      const report: FileReport = { file: spec.file, rows: 0, rejected: 0 };
      reports.set(spec, report);
      try {
        await phase(`read and validate ${spec.file}`, () =>
          stageFile(
            spec,
            join(folder, spec.file),
            stage,
            report,
            (problem, raw) => {
              problems.push(problem);
              rejects.push({ problem, raw });
            },
          ),
        );
      } catch (error) {
        if (error instanceof ImportFileError) return failed([...problems, error.problem], reports);
        throw error;
      }
      await phase(`index ${spec.file}`, () => stage.index());
    }

    // Cross-row and cross-file checks in dependency order, so a rejected unit also rejects what refers to it.
    const staged = new Set([...stages.keys()].map((spec) => spec.stage));
    for (const [spec, stage] of stages) {
      let found: ImportProblem[];
      do {
        found = await phase(`check ${spec.file}`, async () => [...(await checkDuplicatesAndOverlaps(session, spec)), ...(await checkReferences(session, spec, staged))]);
        problems.push(...found);
        for (const problem of found) rejects.push({ problem, raw: null });
        await stage.reject([...new Set(found.map((problem) => problem.line))]);
        reports.get(spec)!.rejected += new Set(found.map((problem) => problem.line)).size;
      } while (found.length > 0 && options.skipInvalid);
    }

    if (problems.length > 0 && !options.skipInvalid) return failed(sortProblems(problems), reports);

    let rejectsPath: string | null = null;
    if (rejects.length > 0) {
      rejectsPath = options.rejectsPath ?? join(folder, `rejects-${options.now.toISOString().replace(/[:.]/g, '-')}.csv`);
      writeFileSync(rejectsPath, rejectsCsv(rejects));
    }

    const today = copenhagenDate(options.now);
    const now = options.now.toISOString();
    // Planning reads for tens of seconds on a large store; it runs in one read transaction (a consistent snapshot)
    // and writes only TEMP tables, so it holds no write lock: the bot goes on answering and writing audit rows.
    let generation = '';
    await session.withoutWriteLock(async () => {
      generation = await storeGeneration(sql);
      for (const [spec] of stages) {
        const started = performance.now();
        const plan = await planMerge(session, spec, { today });
        plans.push(plan);
        await options.onPhase?.(`plan ${spec.file}`, performance.now() - started);
        Object.assign(reports.get(spec)!, plan.counts);
      }
    });
    for (const { spec, counts } of plans) {
      if (!options.allowMassEnd && counts.ended > MASS_END_MINIMUM && counts.ended > counts.inForceBefore * MASS_END_SHARE) {
        return failed(
          [
            {
              file: spec.file,
              line: 0,
              column: null,
              message: `filen ville afslutte ${counts.ended} af ${counts.inForceBefore} gældende rækker, fordi de ikke står i filen. Er filen ufuldstændig? Brug --allow-mass-end, hvis det er meningen`,
            },
          ],
          reports,
        );
      }
    }

    // The switch: one short write transaction applies every file's plan, so readers see yesterday's data or
    // today's, never half. It refuses when the store moved on since the plan was read.
    let runId = 0;
    const steps: [string, number][] = [];
    const applyAll = async () => {
      if ((await storeGeneration(sql)) !== generation) throw new ImportConflict('another import or retention run finished while this import was planned');
      runId = (await sql.get<{ id: number }>('INSERT INTO import_runs (started_at, folder) VALUES (@now, @folder) RETURNING id', { now, folder }))!.id;
      for (const plan of plans) {
        const started = performance.now();
        await applyMergePlan(session, plan, { now, runId });
        if (plan.spec.rebuildsGuideIndex) await session.rebuildGuideIndex();
        steps.push([`  apply ${plan.spec.file}`, performance.now() - started]);
      }
      await auditImportedChannelLinks(sql, runId, now, today);
      await sql.run('UPDATE import_runs SET finished_at = @finished, summary = @summary WHERE id = @runId', {
        finished: new Date().toISOString(),
        summary: JSON.stringify([...reports.values()]),
        runId,
      });
    };
    try {
      await phase('switch (one write transaction)', () => session.switchOver(applyAll));
      for (const [name, ms] of steps) await options.onPhase?.(name, ms);
    } catch (error) {
      if (error instanceof ImportConflict) {
        return failed([{ file: folder, line: 0, column: null, message: 'en anden import eller den daglige sletning blev gennemført, mens denne import blev forberedt. Intet er importeret: kør importen igen' }], reports);
      }
      throw error;
    }
    return { ok: true, files: [...reports.values()], problems: sortProblems(problems), rejectsPath, runId };
  } finally {
    for (const stage of stages.values()) await stage.drop();
    for (const plan of plans) await dropPlan(session, plan);
  }
}

async function stageFile(
  spec: EntitySpec,
  path: string,
  stage: Stage,
  report: FileReport,
  reject: (problem: ImportProblem, raw: string[]) => void,
): Promise<void> {
  for await (const batch of validateRows(spec, path)) {
    await stage.insertMany(batch.rows);
    await stage.holdKeys(batch.heldKeys);
    batch.rejects.forEach(({ problem, raw }) => reject(problem, raw));
    report.rows += batch.read;
    report.rejected += batch.rejected;
  }
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const order = new Map(ENTITY_SPECS.map((spec, index) => [spec.file, index]));
  return [...problems].sort((a, b) => (order.get(a.file) ?? 99) - (order.get(b.file) ?? 99) || a.line - b.line);
}

function failed(problems: ImportProblem[], reports?: Map<EntitySpec, FileReport>): ImportReport {
  return { ok: false, files: reports ? [...reports.values()] : [], problems: sortProblems(problems), rejectsPath: null, runId: null };
}
