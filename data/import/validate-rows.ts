import type { EntitySpec } from './entity-specs.js';
import type { ImportProblem } from './import-problem.js';
import { readCsv } from './read-csv.js';
import { stageColumns } from './stage.js';

/** A slice of a file after validation: staging rows (line first, then the stage columns) and what was rejected. */
export type ValidatedBatch = {
  rows: unknown[][];
  rejects: { problem: ImportProblem; raw: string[] }[];
  /** Keys of rejected rows (see EntitySpec.rawKey): their stored facts are held back, not ended. */
  heldKeys: string[][];
  read: number;
  rejected: number;
};

export const BATCH_ROWS = 20_000;

/** Reads and validates a file (zod, row by row) without touching the database. */
export async function* validateRows(spec: EntitySpec, path: string): AsyncGenerator<ValidatedBatch> {
  const columns = stageColumns(spec);
  let batch = emptyBatch();
  const holdBack = (cells: Record<string, string>) => {
    const key = spec.rawKey(cells);
    if (key) batch.heldKeys.push(key);
  };
  for await (const record of readCsv(path, spec.file, { required: spec.required, optional: spec.optional })) {
    batch.read++;
    if (record.fieldCount !== record.headerCount) {
      batch.rejected++;
      holdBack(record.cells);
      batch.rejects.push({
        problem: { file: spec.file, line: record.line, column: null, message: `linjen har ${record.fieldCount} felter, men overskriften har ${record.headerCount} (tjek skilletegn og anførselstegn)` },
        raw: record.raw,
      });
    } else {
      const parsed = spec.schema.safeParse(record.cells);
      if (parsed.success) {
        const values = spec.toColumns(parsed.data);
        batch.rows.push([record.line, ...columns.map((column) => values[column])]);
      } else {
        batch.rejected++;
        holdBack(record.cells);
        for (const issue of parsed.error.issues) {
          batch.rejects.push({ problem: { file: spec.file, line: record.line, column: issue.path.length > 0 ? String(issue.path[0]) : null, message: issue.message }, raw: record.raw });
        }
      }
    }
    if (batch.read >= BATCH_ROWS) {
      yield batch;
      batch = emptyBatch();
    }
  }
  if (batch.read > 0) yield batch;
}

function emptyBatch(): ValidatedBatch {
  return { rows: [], rejects: [], heldKeys: [], read: 0, rejected: 0 };
}
