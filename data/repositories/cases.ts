import type { Sql } from '../sql/sql.js';
import { inForceOn } from '../validity/in-force.js';

/** One open case with what is needed to reach the people on it. Never case content. */
export type OpenCase = {
  administration: string;
  unitId: string;
  unitName: string | null;
  unitPhone: string | null;
  unitEmail: string | null;
  parentUnitName: string | null;
  caseworkerId: string | null;
  caseworkerName: string | null;
  caseworkerUpn: string | null;
  caseworkerPhone: string | null;
  caseworkerEmail: string | null;
  category: string | null;
  greenLine: boolean;
  /** When the case opened (as the source system dates it), not when the current details took effect. */
  openedOn: string;
  validFrom: string;
  validTo: string | null;
};

type CaseRow = {
  administration: string;
  unit_id: string;
  unit_name: string | null;
  unit_phone: string | null;
  unit_email: string | null;
  parent_name: string | null;
  caseworker_id: string | null;
  cw_name: string | null;
  cw_upn: string | null;
  cw_phone: string | null;
  cw_email: string | null;
  category: string | null;
  green_line: number;
  source_from: string;
  valid_from: string;
  valid_to: string | null;
};

const OPEN_ON = `
  SELECT c.administration, c.unit_id, c.caseworker_id, c.category, c.green_line, c.source_from, c.valid_from, c.valid_to,
         u.name AS unit_name, u.phone AS unit_phone, u.email AS unit_email,
         p.name AS parent_name,
         e.name AS cw_name, e.upn AS cw_upn, e.phone AS cw_phone, coalesce(e.email, e.upn) AS cw_email
    FROM case_versions c
    LEFT JOIN unit_versions u ON u.unit_id = c.unit_id AND ${inForceOn('u')}
    LEFT JOIN unit_versions p ON p.unit_id = u.parent_id AND ${inForceOn('p')}
    LEFT JOIN employee_versions e ON e.employee_id = c.caseworker_id AND ${inForceOn('e')}
   WHERE c.cpr = @cpr AND ${inForceOn('c')}
   ORDER BY c.administration, c.valid_from, c.unit_id`;
const HAS_OPEN_IN = `SELECT 1 AS found FROM case_versions c WHERE c.cpr = @cpr AND c.administration = @administration AND ${inForceOn('c')} LIMIT 1`;

export class CaseRepository {
  constructor(private readonly sql: Sql) {}

  async openCasesOf(cpr: string, asOf: string): Promise<OpenCase[]> {
    return (await this.sql.all<CaseRow>(OPEN_ON, { cpr, asOf })).map(toOpenCase);
  }

  async hasOpenCaseIn(cpr: string, administration: string, asOf: string): Promise<boolean> {
    return (await this.sql.get(HAS_OPEN_IN, { cpr, administration, asOf })) !== undefined;
  }
}

function toOpenCase(row: CaseRow): OpenCase {
  return {
    administration: row.administration,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitPhone: row.unit_phone,
    unitEmail: row.unit_email,
    parentUnitName: row.parent_name,
    caseworkerId: row.caseworker_id,
    caseworkerName: row.cw_name,
    caseworkerUpn: row.cw_upn,
    caseworkerPhone: row.cw_phone,
    caseworkerEmail: row.cw_email,
    category: row.category,
    greenLine: row.green_line === 1,
    openedOn: row.source_from,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}
