import type { Sql } from '../sql/sql.js';
import { inForceOn } from '../validity/in-force.js';

/** `contact_person`: a member of the BIF–SOF contact-person network (meets every third month, seed 003 §1.1). */
export const ROLES = ['caseworker', 'specialist', 'hotline_agent', 'manager', 'admin', 'contact_person'] as const;
export type Role = (typeof ROLES)[number];

export type Employee = {
  id: string;
  name: string;
  upn: string | null;
  aadObjectId: string | null;
  phone: string | null;
  email: string | null;
  unitId: string;
  unitName: string | null;
  /** The administration of the employee's unit on the date asked; null if the unit is not in force then. */
  administration: string | null;
  roles: readonly Role[];
  /** Hotline skills (ids from domain/skills/skills.ts); empty for most employees. */
  skills: readonly string[];
};

type EmployeeRow = {
  employee_id: string;
  name: string;
  upn: string | null;
  aad_object_id: string | null;
  phone: string | null;
  email: string | null;
  unit_id: string;
  unit_name: string | null;
  administration: string | null;
  roles: string;
  skills: string;
};

const SELECT = `
  SELECT e.employee_id, e.name, e.upn, coalesce(e.aad_object_id, l.aad_object_id) AS aad_object_id, e.phone, e.email, e.unit_id, e.roles, e.skills,
         u.name AS unit_name, u.administration
    FROM employee_versions e
    LEFT JOIN unit_versions u ON u.unit_id = e.unit_id AND ${inForceOn('u')}
    LEFT JOIN employee_aad_links l ON e.aad_object_id IS NULL AND l.employee_id = e.employee_id AND l.superseded_at IS NULL AND l.upn = lower(e.upn)
   WHERE ${inForceOn('e')}`;

/** How an employee was found by a UPN from Teams, for the audit row. */
export type UpnLink = { employee: Employee; replacedLinkIds: number[] };

const BY_AAD = `${SELECT} AND e.aad_object_id = @aad ORDER BY e.version_id DESC LIMIT 1`;
const BY_LINKED_AAD = `${SELECT} AND l.aad_object_id = @aad ORDER BY e.version_id DESC LIMIT 1`;
const WITHOUT_AAD_BY_UPN = `${SELECT} AND e.aad_object_id IS NULL AND lower(e.upn) = @upn ORDER BY e.employee_id`;
const SUPERSEDE_LINKS = `UPDATE employee_aad_links SET superseded_at = @at
  WHERE superseded_at IS NULL AND (aad_object_id = @aad OR employee_id = @employeeId) RETURNING link_id`;
const INSERT_LINK = 'INSERT INTO employee_aad_links (aad_object_id, employee_id, upn, linked_at) VALUES (@aad, @employeeId, @upn, @at)';
const BY_ID = `${SELECT} AND e.employee_id = @id ORDER BY e.version_id DESC LIMIT 1`;
// Roles are lowercase constants, so LIKE matches alike on both engines (case-sensitive on PostgreSQL, not on SQLite).
const WITH_ROLE_IN = `${SELECT} AND e.unit_id = @unitId AND ('|' || e.roles || '|') LIKE '%|' || @role || '|%' ORDER BY e.name, e.employee_id`;
const WITH_ROLE_ANYWHERE = `${SELECT} AND ('|' || e.roles || '|') LIKE '%|' || @role || '|%' ORDER BY e.name, e.employee_id`;
const BY_PHONE = `${SELECT} AND e.phone = @phone ORDER BY e.version_id DESC`;
const EVERYONE = `${SELECT} ORDER BY e.name, e.employee_id`;

export class EmployeeRepository {
  constructor(private readonly sql: Sql) {}

  /** The employee a Teams user (AAD object id) is on a date, or null when they are not a registered employee then. */
  async findByAadObjectId(aadObjectId: string, asOf: string): Promise<Employee | null> {
    const aad = aadObjectId.toLowerCase();
    const row = (await this.sql.get<EmployeeRow>(BY_AAD, { aad, asOf })) ?? (await this.sql.get<EmployeeRow>(BY_LINKED_AAD, { aad, asOf }));
    return row ? toEmployee(row) : null;
  }

  /**
   * Links a Teams user's object id to the one employee in force whose employees.csv row has this UPN and no object id
   * (case-insensitive); null when nobody (or, against the import's rule, more than one) matches. Earlier links of the
   * object id or of the employee are superseded, not deleted. Run it inside the transaction that audits the link.
   */
  async linkByUpn(aadObjectId: string, upn: string, asOf: string, now: Date): Promise<UpnLink | null> {
    const matches = await this.sql.all<EmployeeRow>(WITHOUT_AAD_BY_UPN, { upn: upn.trim().toLowerCase(), asOf });
    if (matches.length !== 1) return null;
    const match = matches[0]!;
    const aad = aadObjectId.toLowerCase();
    const at = now.toISOString();
    return this.sql.atomic(async (sql) => {
      const replaced = await sql.all<{ link_id: number }>(SUPERSEDE_LINKS, { aad, employeeId: match.employee_id, at });
      await sql.run(INSERT_LINK, { aad, employeeId: match.employee_id, upn: match.upn!.toLowerCase(), at });
      return { employee: toEmployee({ ...match, aad_object_id: aad }), replacedLinkIds: replaced.map((row) => row.link_id) };
    });
  }

  /** Employees of the unit who have the role on the date (e.g. the unit's managers). */
  async withRoleInUnit(unitId: string, role: Role, asOf: string): Promise<Employee[]> {
    return (await this.sql.all<EmployeeRow>(WITH_ROLE_IN, { unitId, role, asOf })).map(toEmployee);
  }

  /** Everyone who has the role on the date, in any unit (e.g. the hotline agents). */
  async withRole(role: Role, asOf: string): Promise<Employee[]> {
    return (await this.sql.all<EmployeeRow>(WITH_ROLE_ANYWHERE, { role, asOf })).map(toEmployee);
  }

  /** Employees whose work phone (stored as +45…) is this number on the date. */
  async findByPhone(phone: string, asOf: string): Promise<Employee[]> {
    return (await this.sql.all<EmployeeRow>(BY_PHONE, { phone, asOf })).map(toEmployee);
  }

  /** Everyone employed on the date (an announcement's audience is chosen from them). */
  async allInForce(asOf: string): Promise<Employee[]> {
    return (await this.sql.all<EmployeeRow>(EVERYONE, { asOf })).map(toEmployee);
  }

  async findById(id: string, asOf: string): Promise<Employee | null> {
    const row = await this.sql.get<EmployeeRow>(BY_ID, { id, asOf });
    return row ? toEmployee(row) : null;
  }
}

function toEmployee(row: EmployeeRow): Employee {
  return {
    id: row.employee_id,
    name: row.name,
    upn: row.upn,
    aadObjectId: row.aad_object_id,
    phone: row.phone,
    email: row.email ?? row.upn,
    unitId: row.unit_id,
    unitName: row.unit_name,
    administration: row.administration,
    roles: row.roles.split('|').filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    skills: row.skills ? row.skills.split('|') : [],
  };
}
