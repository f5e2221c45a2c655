import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { cprProblem } from './cell-schemas.js';
import type { ImportSession } from './import-session.js';
import type { EntitySpec } from './entity-specs.js';
import type { ImportProblem } from './import-problem.js';

const END = "'9999-12-31'";

/** Two rows for the same thing: the same start is a duplicate; overlapping periods contradict each other. */
export async function checkDuplicatesAndOverlaps({ sql, temp }: ImportSession, spec: EntitySpec): Promise<ImportProblem[]> {
  const sameKey = spec.key.map((column) => `t.${column} = s.${column}`).join(' AND ');
  const rows = await sql.all<{ line: number; other: number; duplicate: number; key_value: string }>(
    `SELECT s.line, min(t.line) AS other, max(CASE WHEN t.source_from = s.source_from THEN 1 ELSE 0 END) AS duplicate, s.${spec.key[0]} AS key_value
       FROM ${temp}${spec.stage} s
       JOIN ${temp}${spec.stage} t ON ${sameKey} AND t.line < s.line
        AND ${spec.overlapsAllowed ? 't.source_from = s.source_from' : `t.source_from <= coalesce(s.source_to, ${END}) AND s.source_from <= coalesce(t.source_to, ${END})`}
      GROUP BY s.line ORDER BY s.line`,
  );
  return rows.map((row) => {
    const shown = spec.key[0] === 'cpr' ? maskCpr(row.key_value) : `"${row.key_value}"`;
    return row.duplicate
      ? { file: spec.file, line: row.line, column: spec.keyLabel, message: `${shown} står allerede på linje ${row.other} (dobbelt række)` }
      : { file: spec.file, line: row.line, column: spec.fromColumn ?? 'valid_from', message: `perioden overlapper linje ${row.other} for samme ${spec.keyLabel}` };
  });
}

/** References to other files (or to what the store already has), checked once every file is staged. */
export async function checkReferences({ sql, temp }: ImportSession, spec: EntitySpec, staged: ReadonlySet<string>): Promise<ImportProblem[]> {
  const stageHas = (table: string) => staged.has(table);
  const exists = (stageTable: string, versionTable: string, column: string, value: string) =>
    `(${stageHas(stageTable) ? `EXISTS (SELECT 1 FROM ${temp}${stageTable} x WHERE x.${column} = ${value}) OR ` : ''}` +
    `EXISTS (SELECT 1 FROM ${versionTable} v WHERE v.${column} = ${value} AND v.superseded_at IS NULL))`;
  const problems: ImportProblem[] = [];
  const add = async (column: string, text: string, message: (row: Record<string, string>) => string) => {
    for (const row of await sql.all<Record<string, string> & { line: number }>(text)) {
      problems.push({ file: spec.file, line: row.line, column, message: message(row) });
    }
  };
  const knownAdministration = `EXISTS (SELECT 1 FROM administrations a WHERE a.code = s.administration)`;
  const administrations = (await sql.all<{ code: string }>('SELECT code FROM administrations ORDER BY code')).map((row) => row.code).join(', ');

  if (spec.stage === 'stage_units') {
    await add('administration', `SELECT line, administration FROM ${temp}stage_units s WHERE NOT ${knownAdministration}`, (row) => `ukendt forvaltning "${row.administration}" (kendte: ${administrations})`);
    await add('parent_id', `SELECT line, parent_id FROM ${temp}stage_units s WHERE parent_id IS NOT NULL AND NOT ${exists('stage_units', 'unit_versions', 'unit_id', 's.parent_id')}`, (row) => `den overordnede enhed "${row.parent_id}" findes hverken i filen eller i databasen`);
  }
  if (spec.stage === 'stage_employees') {
    await add('unit_id', `SELECT line, unit_id FROM ${temp}stage_employees s WHERE NOT ${exists('stage_units', 'unit_versions', 'unit_id', 's.unit_id')}`, (row) => `enheden "${row.unit_id}" findes hverken i units.csv eller i databasen`);
    // An identity (object id or UPN) that points at two employees in overlapping periods: the later line is refused.
    const sharedIdentity = (column: string) =>
      `SELECT g.line, g.other, o.employee_id AS other_id
         FROM (SELECT s.line, min(t.line) AS other FROM ${temp}stage_employees s
                 JOIN ${temp}stage_employees t ON t.${column} = s.${column} AND t.employee_id <> s.employee_id AND t.line < s.line
                  AND t.source_from <= coalesce(s.source_to, ${END}) AND s.source_from <= coalesce(t.source_to, ${END})
                WHERE s.${column} IS NOT NULL GROUP BY s.line) g
         JOIN ${temp}stage_employees o ON o.line = g.other
        ORDER BY g.line`;
    await add('aad_object_id', sharedIdentity('aad_object_id'), (row) => `samme Entra ID-objekt-id bruges af medarbejder "${row.other_id}" på linje ${row.other} i samme periode`);
    await add('upn', sharedIdentity('upn'), (row) => `samme UPN bruges af medarbejder "${row.other_id}" på linje ${row.other} i samme periode (en UPN skal pege på én person)`);
  }
  if (spec.stage === 'stage_guide') {
    await add('unit_id', `SELECT line, unit_id FROM ${temp}stage_guide s WHERE unit_id IS NOT NULL AND NOT ${exists('stage_units', 'unit_versions', 'unit_id', 's.unit_id')}`, (row) => `enheden "${row.unit_id}" findes hverken i units.csv eller i databasen`);
  }
  if (spec.stage === 'stage_action_plans' || spec.stage === 'stage_activations' || spec.stage === 'stage_consents') {
    await add('cpr', `SELECT line, cpr FROM ${temp}${spec.stage} s WHERE NOT ${exists('stage_citizens', 'citizen_versions', 'cpr', 's.cpr')}`, (row) => `borgeren ${maskCpr(row.cpr ?? '')} findes hverken i citizens.csv eller i databasen`);
  }
  if (spec.stage === 'stage_cases') {
    // One pass over the (large) case file: a row is looked at again only if one of its references fails.
    const citizenKnown = exists('stage_citizens', 'citizen_versions', 'cpr', 's.cpr');
    const unitKnown = exists('stage_units', 'unit_versions', 'unit_id', 's.unit_id');
    const unitOfAdministration =
      `(${stageHas('stage_units') ? `EXISTS (SELECT 1 FROM ${temp}stage_units y WHERE y.unit_id = s.unit_id AND y.administration = s.administration) OR ` : ''}` +
      'EXISTS (SELECT 1 FROM unit_versions w WHERE w.unit_id = s.unit_id AND w.administration = s.administration AND w.superseded_at IS NULL))';
    const caseworkerKnown = `(s.caseworker_id IS NULL OR ${exists('stage_employees', 'employee_versions', 'employee_id', 's.caseworker_id')})`;
    const rows = await sql.all<Record<string, string> & { line: number; administration_ok: number; citizen_ok: number; unit_ok: number; unit_administration_ok: number; caseworker_ok: number }>(
        `SELECT line, cpr, administration, unit_id, caseworker_id,
                ${knownAdministration} AS administration_ok, ${citizenKnown} AS citizen_ok, ${unitKnown} AS unit_ok,
                ${unitOfAdministration} AS unit_administration_ok, ${caseworkerKnown} AS caseworker_ok
           FROM ${temp}stage_cases s
          WHERE NOT (${knownAdministration} AND ${citizenKnown} AND ${unitOfAdministration} AND ${caseworkerKnown})
          ORDER BY line`,
    );
    const problem = (line: number, column: string, message: string) => problems.push({ file: spec.file, line, column, message });
    for (const row of rows) {
      if (!row.administration_ok) problem(row.line, 'administration', `ukendt forvaltning "${row.administration}" (kendte: ${administrations})`);
      if (!row.citizen_ok) problem(row.line, 'cpr', cprProblem(row.cpr ?? '') ?? `borgeren ${maskCpr(row.cpr ?? '')} findes hverken i citizens.csv eller i databasen`);
      if (!row.unit_ok) problem(row.line, 'unit_id', `enheden "${row.unit_id}" findes hverken i units.csv eller i databasen`);
      else if (!row.unit_administration_ok && row.administration_ok) problem(row.line, 'administration', `enheden "${row.unit_id}" hører ikke under ${row.administration}`);
      if (!row.caseworker_ok) problem(row.line, 'caseworker_id', `medarbejderen "${row.caseworker_id}" findes hverken i employees.csv eller i databasen`);
    }
  }
  return problems;
}
