import type { Sql } from '../../../data/sql/sql.js';

/** A version row's period and bookkeeping; what a test does not give is open-ended, current and recorded at noon. */
type Period = { from: string; to?: string | null; supersededAt?: string | null };

const RECORDED_AT = '2025-01-01T12:00:00.000Z';
const periodValues = (period: Period) => ({
  from: period.from,
  to: period.to ?? null,
  supersededAt: period.supersededAt ?? null,
  recordedAt: RECORDED_AT,
});
const PERIOD_COLUMNS = 'source_from, source_to, valid_from, valid_to, recorded_at, superseded_at';
const PERIOD_VALUES = '@from, @to, @from, @to, @recordedAt, @supersededAt';

/** Rows as the import writes them, with the same SQL on both engines (ON CONFLICT DO NOTHING: fixtures may repeat). */
export const organisationRows = (sql: Sql) => ({
  administration: (code: string) =>
    sql.run(`INSERT INTO administrations (code, name_da, name_en) VALUES (@code, @code, @code) ON CONFLICT DO NOTHING`, { code }),

  unit: (row: { unitId: string; name: string; administration: string; parentId?: string | null; phone?: string | null; email?: string | null } & Period) =>
    sql.run(
      `INSERT INTO unit_versions (unit_id, name, administration, parent_id, phone, email, ${PERIOD_COLUMNS})
       VALUES (@unitId, @name, @administration, @parentId, @phone, @email, ${PERIOD_VALUES})`,
      { unitId: row.unitId, name: row.name, administration: row.administration, parentId: row.parentId ?? null, phone: row.phone ?? null, email: row.email ?? null, ...periodValues(row) },
    ),

  employee: (row: { employeeId: string; name: string; unitId: string; upn?: string | null; phone?: string | null; email?: string | null } & Period) =>
    sql.run(
      `INSERT INTO employee_versions (employee_id, name, upn, phone, email, unit_id, roles, ${PERIOD_COLUMNS})
       VALUES (@employeeId, @name, @upn, @phone, @email, @unitId, 'caseworker', ${PERIOD_VALUES})`,
      { employeeId: row.employeeId, name: row.name, unitId: row.unitId, upn: row.upn ?? null, phone: row.phone ?? null, email: row.email ?? null, ...periodValues(row) },
    ),

  citizen: (row: { cpr: string; name: string } & Period) =>
    sql.run(`INSERT INTO citizen_versions (cpr, name, ${PERIOD_COLUMNS}) VALUES (@cpr, @name, ${PERIOD_VALUES})`, { cpr: row.cpr, name: row.name, ...periodValues(row) }),

  case: (row: { cpr: string; administration: string; unitId: string; caseworkerId?: string | null; category?: string | null; greenLine?: 0 | 1 } & Period) =>
    sql.run(
      `INSERT INTO case_versions (cpr, administration, unit_id, caseworker_id, category, green_line, ${PERIOD_COLUMNS})
       VALUES (@cpr, @administration, @unitId, @caseworkerId, @category, @greenLine, ${PERIOD_VALUES})`,
      {
        cpr: row.cpr,
        administration: row.administration,
        unitId: row.unitId,
        caseworkerId: row.caseworkerId ?? null,
        category: row.category ?? null,
        greenLine: row.greenLine ?? 0,
        ...periodValues(row),
      },
    ),
});
