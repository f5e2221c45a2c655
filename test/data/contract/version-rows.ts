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

/** Version rows as the import (or a marking in chat) writes them, with the same SQL on both engines. */
export const versionRows = (sql: Sql) => ({
  administration: (code: string) =>
    sql.run(`INSERT INTO administrations (code, name_da, name_en) VALUES (@code, @code, @code) ON CONFLICT DO NOTHING`, { code }),

  unit: (
    row: {
      unitId: string;
      name: string;
      administration: string;
      parentId?: string | null;
      phone?: string | null;
      email?: string | null;
      teamsChannelId?: string | null;
      entryPoint?: 0 | 1;
    } & Period,
  ) =>
    sql.run(
      `INSERT INTO unit_versions (unit_id, name, administration, parent_id, phone, email, teams_channel_id, entry_point, ${PERIOD_COLUMNS})
       VALUES (@unitId, @name, @administration, @parentId, @phone, @email, @teamsChannelId, @entryPoint, ${PERIOD_VALUES})`,
      {
        unitId: row.unitId,
        name: row.name,
        administration: row.administration,
        parentId: row.parentId ?? null,
        phone: row.phone ?? null,
        email: row.email ?? null,
        teamsChannelId: row.teamsChannelId ?? null,
        entryPoint: row.entryPoint ?? 0,
        ...periodValues(row),
      },
    ),

  employee: (
    row: {
      employeeId: string;
      name: string;
      unitId: string;
      upn?: string | null;
      aadObjectId?: string | null;
      phone?: string | null;
      email?: string | null;
      roles?: string;
      skills?: string;
    } & Period,
  ) =>
    sql.run(
      `INSERT INTO employee_versions (employee_id, name, upn, aad_object_id, phone, email, unit_id, roles, skills, ${PERIOD_COLUMNS})
       VALUES (@employeeId, @name, @upn, @aadObjectId, @phone, @email, @unitId, @roles, @skills, ${PERIOD_VALUES})`,
      {
        employeeId: row.employeeId,
        name: row.name,
        unitId: row.unitId,
        upn: row.upn ?? null,
        aadObjectId: row.aadObjectId ?? null,
        phone: row.phone ?? null,
        email: row.email ?? null,
        roles: row.roles ?? 'caseworker',
        skills: row.skills ?? '',
        ...periodValues(row),
      },
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

  /** A marking in chat: "shared" (1) or "not shared" (0) from a date. */
  override: (row: { cpr: string; shared: 0 | 1 } & Period) =>
    sql.get<{ override_id: number }>(
      `INSERT INTO shared_citizen_overrides (cpr, shared, reason, by_employee_id, valid_from, valid_to, recorded_at, superseded_at)
       VALUES (@cpr, @shared, 'aftalt på møde', 'E-ADMIN', @from, @to, @recordedAt, @supersededAt) RETURNING override_id`,
      { cpr: row.cpr, shared: row.shared, ...periodValues(row) },
    ),

  activation: (row: { cpr: string; type: string } & Period) =>
    sql.run(`INSERT INTO activation_versions (cpr, type, ${PERIOD_COLUMNS}) VALUES (@cpr, @type, ${PERIOD_VALUES})`, { cpr: row.cpr, type: row.type, ...periodValues(row) }),

  /** An offer of a social action plan: its period is its date. */
  actionPlan: (row: { cpr: string; outcome: 'accepted' | 'declined'; on: string }) =>
    sql.run(`INSERT INTO action_plan_versions (cpr, outcome, ${PERIOD_COLUMNS}) VALUES (@cpr, @outcome, ${PERIOD_VALUES})`, {
      cpr: row.cpr,
      outcome: row.outcome,
      ...periodValues({ from: row.on, to: row.on }),
    }),

  consent: (row: { cpr: string; source: 'import' | 'digitalt_samtykke'; administrations: string; expiresOn?: string | null; withdrawnOn?: string | null; reference?: string | null } & Period) =>
    sql.run(
      `INSERT INTO consent_versions (cpr, purpose, expires_on, withdrawn_on, source, reference, administrations, ${PERIOD_COLUMNS})
       VALUES (@cpr, 'bif_sof_sharing', @expiresOn, @withdrawnOn, @source, @reference, @administrations, ${PERIOD_VALUES})`,
      {
        cpr: row.cpr,
        source: row.source,
        administrations: row.administrations,
        expiresOn: row.expiresOn ?? null,
        withdrawnOn: row.withdrawnOn ?? null,
        reference: row.reference ?? null,
        ...periodValues(row),
      },
    ),

  whitelisted: (row: { kind: 'phone' | 'aad'; value: string; note?: string | null } & Period) =>
    sql.run(`INSERT INTO hotline_whitelist_versions (kind, value, note, ${PERIOD_COLUMNS}) VALUES (@kind, @value, @note, ${PERIOD_VALUES})`, {
      kind: row.kind,
      value: row.value,
      note: row.note ?? null,
      ...periodValues(row),
    }),

  goalTarget: (row: { kind: 'action_plan_offers' | 'activation_rate'; value: number } & Period) =>
    sql.run(`INSERT INTO goal_target_versions (kind, value, ${PERIOD_COLUMNS}) VALUES (@kind, @value, ${PERIOD_VALUES})`, { kind: row.kind, value: row.value, ...periodValues(row) }),
});
