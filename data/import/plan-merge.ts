import type { IsoDate } from '../../domain/dates/iso-date.js';
import { byDialect } from '../sql/dialect.js';
import type { EntitySpec } from './entity-specs.js';
import { reconcileClosing, reconcileWithSource, type Reconciliation, type Version } from './reconcile-lineage.js';
import type { ImportSession } from './import-session.js';
import { heldTable } from './stage.js';
import { createTempTable, dropTempTable } from './temp-tables.js';

export type MergeCounts = {
  added: number;
  changed: number;
  unchanged: number;
  /** Facts the file no longer lists that were ended (units, employees, cases). */
  ended: number;
  /** Facts in force or in the future before the import; the base for the mass-ending guard. */
  inForceBefore: number;
};

/** What one file will change: version ids to supersede and version rows to insert, kept in TEMP tables. */
export type MergePlan = {
  spec: EntitySpec;
  counts: MergeCounts;
  supersedeTable: string;
  insertTable: string;
  /** Columns of `insertTable` that go into the version table as they are (recorded_at and import_run_id are added). */
  columns: readonly string[];
  supersedeCount: number;
};

type Row = Record<string, string | number | null>;

/**
 * Works out what one staged file changes in its version table, reading only: the result goes into connection-local
 * TEMP tables, which take no lock on the main database. New facts are planned in one statement; changed facts, and
 * facts the file no longer lists, are reconciled one by one by superseding versions, never by editing or deleting
 * them. Run it inside one read transaction so every file is compared with the same snapshot (see import-folder.ts).
 */
export async function planMerge(session: ImportSession, spec: EntitySpec, context: { today: IsoDate }): Promise<MergePlan> {
  const { sql, temp } = session;
  const lineageColumns = [...spec.key, 'source_from'];
  const sameLineage = (a: string, b: string) => lineageColumns.map((column) => `${a}.${column} = ${b}.${column}`).join(' AND ');
  const sameKey = (a: string, b: string) => spec.key.map((column) => `${a}.${column} = ${b}.${column}`).join(' AND ');
  const columns = [...spec.key, ...spec.attributes, 'source_from', 'source_to', 'valid_from', 'valid_to'];
  const supersedeTable = `${spec.stage}_supersede`;
  const insertTable = `${spec.stage}_insert`;
  await createTempTable(session, supersedeTable, { like: spec.table, columns: [], lead: { name: 'version_id' } });
  await createTempTable(session, insertTable, { like: spec.table, columns, lead: { name: 'seq', numbered: true } });

  // Written in batches: on PostgreSQL each statement is a round trip.
  const supersede: number[][] = [];
  const insert: unknown[][] = [];

  const attributesOf = (row: Row) => JSON.stringify(spec.attributes.map((column) => row[column] ?? null));
  const storedVersion = (row: Row): Version => ({ versionId: row.version_id as number, attributes: attributesOf(row), validFrom: row.valid_from as IsoDate, validTo: row.valid_to as IsoDate | null });
  const lineageOf = (row: Row): Row => Object.fromEntries(lineageColumns.map((column) => [column, row[column] ?? null]));
  // Compared as text: a staged cell and the stored column may differ in type (SQLite's affinity).
  const lineageKey = (row: Row) => JSON.stringify(lineageColumns.map((column) => (row[column] === null || row[column] === undefined ? null : String(row[column]))));
  /**
   * The current versions of every lineage `lineages` (a SELECT of the lineage columns) lists, in one statement (not
   * one per lineage: on PostgreSQL each is a round trip), by lineage, each in valid_from order.
   */
  const currentVersionsOf = async (lineages: string, params?: Row): Promise<Map<string, Version[]>> => {
    const rows = await sql.all<Row>(
      `SELECT v.* FROM ${spec.table} v JOIN (${lineages}) l ON ${sameLineage('l', 'v')} WHERE v.superseded_at IS NULL ORDER BY v.valid_from, v.version_id`,
      params,
    );
    const byLineage = new Map<string, Version[]>();
    for (const row of rows) {
      const key = lineageKey(row);
      (byLineage.get(key) ?? byLineage.set(key, []).get(key)!).push(storedVersion(row));
    }
    return byLineage;
  };

  let supersedeCount = 0;
  /** `sourceTo` is recorded on new versions as what the source last said (or implied) about the fact's end. */
  const plan = (lineage: Row, sourceTo: string | null, result: Reconciliation): boolean => {
    for (const id of result.supersede) supersede.push([id]);
    supersedeCount += result.supersede.length;
    for (const version of result.insert) {
      const values = JSON.parse(version.attributes) as (string | number | null)[];
      const row: Row = { ...lineage, source_to: sourceTo, valid_from: version.validFrom, valid_to: version.validTo };
      spec.attributes.forEach((column, index) => (row[column] = values[index] ?? null));
      insert.push(columns.map((column) => row[column] ?? null));
    }
    return result.supersede.length > 0 || result.insert.length > 0;
  };

  const inForceBefore = (await sql.get<{ facts: number }>(
    `SELECT count(*) AS facts FROM (SELECT DISTINCT ${lineageColumns.join(', ')} FROM ${spec.table} WHERE superseded_at IS NULL AND (valid_to IS NULL OR valid_to >= @today)) f`,
    { today: context.today },
  ))!.facts;

  // A fact the file no longer lists ends the day before the import, or where the file's own fact for the same
  // thing takes over, whichever is earlier: an employee who moved unit on the 1st, imported on the 5th, ends on
  // the last; a fact the file now starts earlier is replaced from its own start. Facts whose row was rejected are
  // held back: they are not "no longer listed".
  const absentFrom = `FROM ${spec.table} v
            WHERE v.superseded_at IS NULL AND (v.valid_to IS NULL OR v.valid_to >= @today)
              AND NOT EXISTS (SELECT 1 FROM ${temp}${spec.stage} s WHERE ${sameLineage('s', 'v')})
              AND NOT EXISTS (SELECT 1 FROM ${temp}${heldTable(spec)} h WHERE ${sameKey('h', 'v')})`;
  const absent = spec.absentFactsEnd
    ? await sql.all<Row & { next_from: IsoDate | null }>(
        `SELECT DISTINCT ${lineageColumns.map((c) => `v.${c}`).join(', ')},
                  (SELECT min(${byDialect(sql, { sqlite: 'max', postgres: 'greatest' })}(s.source_from, v.source_from)) FROM ${temp}${spec.stage} s
                    WHERE ${sameKey('s', 'v')} AND s.source_from <> v.source_from AND (s.source_to IS NULL OR s.source_to >= v.source_from)) AS next_from
             ${absentFrom}`,
        { today: context.today },
      )
    : [];

  // Facts whose newest version differs from the file: attributes or the end date changed.
  const differs = byDialect(sql, { sqlite: 'IS NOT', postgres: 'IS DISTINCT FROM' });
  const changedFrom = `FROM ${temp}${spec.stage} s
       JOIN ${spec.table} v ON v.version_id = (SELECT max(w.version_id) FROM ${spec.table} w WHERE ${sameLineage('w', 's')} AND w.superseded_at IS NULL)
      WHERE ${[...spec.attributes, 'source_to'].map((column) => `s.${column} ${differs} v.${column}`).join(' OR ')}`;
  const changedRows = await sql.all<Row>(`SELECT s.* ${changedFrom} ORDER BY s.line`);
  const changedVersions = changedRows.length > 0 ? await currentVersionsOf(`SELECT DISTINCT ${lineageColumns.map((c) => `s.${c}`).join(', ')} ${changedFrom}`) : new Map<string, Version[]>();
  let changed = 0;
  for (const staged of changedRows) {
    const lineage = lineageOf(staged);
    const source: Version = { attributes: attributesOf(staged), validFrom: staged.source_from as IsoDate, validTo: staged.source_to as IsoDate | null };
    if (plan(lineage, staged.source_to as string | null, reconcileWithSource(changedVersions.get(lineageKey(staged)) ?? [], source, context.today))) changed++;
  }

  const sourceColumns = [...spec.key, ...spec.attributes, 'source_from', 'source_to'];
  await session.insertRows(insertTable, columns, insert.splice(0));
  const { changes: added } = await sql.run(
    `INSERT INTO ${temp}${insertTable} (${columns.join(', ')})
     SELECT ${sourceColumns.map((c) => `s.${c}`).join(', ')}, s.source_from, s.source_to
       FROM ${temp}${spec.stage} s
      WHERE NOT EXISTS (SELECT 1 FROM ${spec.table} v WHERE ${sameLineage('v', 's')} AND v.superseded_at IS NULL)
      ORDER BY ${lineageColumns.map((c) => `s.${c}`).join(', ')}`,
  );

  let ended = 0;
  const absentVersions = absent.length > 0 ? await currentVersionsOf(`SELECT DISTINCT ${lineageColumns.map((c) => `v.${c}`).join(', ')} ${absentFrom}`, { today: context.today }) : new Map<string, Version[]>();
  for (const row of absent) {
    const lineage = lineageOf(row);
    const closeFrom = row.next_from !== null && row.next_from < context.today ? row.next_from : context.today;
    const result = reconcileClosing(absentVersions.get(lineageKey(row)) ?? [], closeFrom);
    const lastDay = result.insert.at(-1)?.validTo ?? null;
    if (plan(lineage, lastDay, result)) ended++;
  }

  await session.insertRows(insertTable, columns, insert.splice(0));
  await session.insertRows(supersedeTable, ['version_id'], supersede);
  const staged = (await sql.get<{ staged: number }>(`SELECT count(*) AS staged FROM ${temp}${spec.stage}`))!.staged;
  return { spec, counts: { added, changed, unchanged: staged - added - changed, ended, inForceBefore }, supersedeTable, insertTable, columns, supersedeCount };
}

/** The plan's TEMP tables, once the import is over. */
export async function dropPlan(session: ImportSession, plan: MergePlan): Promise<void> {
  await dropTempTable(session, plan.supersedeTable);
  await dropTempTable(session, plan.insertTable);
}
