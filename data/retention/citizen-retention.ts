import { jsonValues } from '../sql/dialect.js';
import type { Sql } from '../sql/sql.js';

/** What retention deletes about citizens, by kind (the names the command prints and the audit row records). */
export const CITIZEN_KINDS = ['citizens', 'citizenVersions', 'caseVersions', 'consentVersions', 'markings', 'events', 'alerts', 'outbox', 'actionPlans', 'activations'] as const;
export type CitizenKind = (typeof CITIZEN_KINDS)[number];

/**
 * The rows each kind covers for the CPR numbers `cprs` selects (a table or subquery with a `cpr` column). Alerts and
 * their outbox rows hang on the citizen's events; the guide's search log is not per citizen and is not touched.
 */
function rowsOf(cprs: string): Record<Exclude<CitizenKind, 'citizens'>, string> {
  const inSet = `cpr IN (SELECT cpr FROM ${cprs})`;
  const alerts = `webhook_id IN (SELECT webhook_id FROM events WHERE ${inSet})`;
  return {
    outbox: `outbox WHERE alert_id IN (SELECT alert_id FROM alerts WHERE ${alerts})`,
    alerts: `alerts WHERE ${alerts}`,
    events: `events WHERE ${inSet}`,
    citizenVersions: `citizen_versions WHERE ${inSet}`,
    caseVersions: `case_versions WHERE ${inSet}`,
    consentVersions: `consent_versions WHERE ${inSet}`,
    markings: `shared_citizen_overrides WHERE ${inSet}`,
    actionPlans: `action_plan_versions WHERE ${inSet}`,
    activations: `activation_versions WHERE ${inSet}`,
  };
}

/** Delete order: what refers to a row goes before it (outbox → alerts → events). */
const DELETE_ORDER = ['outbox', 'alerts', 'events', 'citizenVersions', 'caseVersions', 'consentVersions', 'markings', 'actionPlans', 'activations'] as const;

export type CitizenCounts = Record<CitizenKind, number>;

export const noCitizenRows = (): CitizenCounts => Object.fromEntries(CITIZEN_KINDS.map((kind) => [kind, 0])) as CitizenCounts;

const recorded = (table: string, column = 'recorded_at') => `SELECT cpr, NULL AS case_end, substr(${column}, 1, 10) AS recorded FROM ${table} WHERE cpr IS NOT NULL`;

/**
 * The citizens past retention, in CPR order: those whose last case ended before `endedBefore` (a case still open, or
 * ending later, keeps them), and those without any case whose newest fact was recorded before it (its UTC date).
 */
const DUE_CITIZENS = `SELECT cpr FROM (
    SELECT cpr, max(case_end) AS case_end, max(recorded) AS recorded FROM (
      SELECT cpr, coalesce(valid_to, '9999-12-31') AS case_end, NULL AS recorded FROM case_versions WHERE superseded_at IS NULL
      UNION ALL ${recorded('citizen_versions')}
      UNION ALL ${recorded('consent_versions')}
      UNION ALL ${recorded('shared_citizen_overrides')}
      UNION ALL ${recorded('action_plan_versions')}
      UNION ALL ${recorded('activation_versions')}
      UNION ALL ${recorded('events', 'received_at')}
    ) facts GROUP BY cpr
  ) last_facts WHERE coalesce(case_end, recorded) < @endedBefore ORDER BY cpr`;

export async function listDueCitizens(sql: Sql, endedBefore: string): Promise<string[]> {
  return (await sql.all<{ cpr: string }>(DUE_CITIZENS, { endedBefore })).map((row) => row.cpr);
}

/** How many rows of each kind the citizens `cprs` have (for the dry run): every kind counted in one statement. */
export async function countCitizenRows(sql: Sql, cprs: readonly string[]): Promise<CitizenCounts> {
  const counted = Object.entries(rowsOf('due')).map(([kind, rows]) => `(SELECT count(*) FROM ${rows}) AS "${kind}"`);
  const row = await sql.get<Record<Exclude<CitizenKind, 'citizens'>, number>>(
    `WITH due AS (SELECT value AS cpr FROM ${jsonValues(sql, '@cprs')}) SELECT ${counted.join(', ')}`,
    { cprs: JSON.stringify(cprs) },
  );
  return { ...noCitizenRows(), ...row, citizens: cprs.length };
}

/**
 * Deletes every row about the citizens listed in `retention_due_citizens` (the append-only triggers let exactly these
 * through). The caller holds the transaction and empties the list before it commits.
 */
export async function deleteCitizenRows(sql: Sql): Promise<CitizenCounts> {
  const counts = noCitizenRows();
  counts.citizens = (await sql.get<{ n: number }>('SELECT count(*) AS n FROM retention_due_citizens'))!.n;
  const rows = rowsOf('retention_due_citizens');
  for (const kind of DELETE_ORDER) counts[kind] = (await sql.run(`DELETE FROM ${rows[kind]}`)).changes;
  return counts;
}
