import type { Db } from '../store/open-database.js';
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

export class EmployeeRepository {
  private readonly byAad;
  private readonly byLinkedAad;
  private readonly withoutAadByUpn;
  private readonly supersedeLinks;
  private readonly insertLink;
  private readonly byId;
  private readonly withRoleIn;
  private readonly withRoleAnywhere;
  private readonly byPhone;
  private readonly everyone;

  constructor(db: Db) {
    this.byAad = db.prepare<{ aad: string; asOf: string }, EmployeeRow>(`${SELECT} AND e.aad_object_id = @aad ORDER BY e.version_id DESC LIMIT 1`);
    this.byLinkedAad = db.prepare<{ aad: string; asOf: string }, EmployeeRow>(`${SELECT} AND l.aad_object_id = @aad ORDER BY e.version_id DESC LIMIT 1`);
    this.withoutAadByUpn = db.prepare<{ upn: string; asOf: string }, EmployeeRow>(`${SELECT} AND e.aad_object_id IS NULL AND lower(e.upn) = @upn ORDER BY e.employee_id`);
    this.supersedeLinks = db.prepare<{ aad: string; employeeId: string; at: string }, { link_id: number }>(
      `UPDATE employee_aad_links SET superseded_at = @at WHERE superseded_at IS NULL AND (aad_object_id = @aad OR employee_id = @employeeId) RETURNING link_id`,
    );
    this.insertLink = db.prepare<{ aad: string; employeeId: string; upn: string; at: string }>(
      `INSERT INTO employee_aad_links (aad_object_id, employee_id, upn, linked_at) VALUES (@aad, @employeeId, @upn, @at)`,
    );
    this.byId = db.prepare<{ id: string; asOf: string }, EmployeeRow>(`${SELECT} AND e.employee_id = @id ORDER BY e.version_id DESC LIMIT 1`);
    this.withRoleIn = db.prepare<{ unitId: string; role: string; asOf: string }, EmployeeRow>(
      `${SELECT} AND e.unit_id = @unitId AND ('|' || e.roles || '|') LIKE '%|' || @role || '|%' ORDER BY e.name`,
    );
    this.withRoleAnywhere = db.prepare<{ role: string; asOf: string }, EmployeeRow>(
      `${SELECT} AND ('|' || e.roles || '|') LIKE '%|' || @role || '|%' ORDER BY e.name`,
    );
    this.byPhone = db.prepare<{ phone: string; asOf: string }, EmployeeRow>(`${SELECT} AND e.phone = @phone ORDER BY e.version_id DESC`);
    this.everyone = db.prepare<{ asOf: string }, EmployeeRow>(`${SELECT} ORDER BY e.name, e.employee_id`);
  }

  /** The employee a Teams user (AAD object id) is on a date, or null when they are not a registered employee then. */
  findByAadObjectId(aadObjectId: string, asOf: string): Employee | null {
    const aad = aadObjectId.toLowerCase();
    const row = this.byAad.get({ aad, asOf }) ?? this.byLinkedAad.get({ aad, asOf });
    return row ? toEmployee(row) : null;
  }

  /**
   * Links a Teams user's object id to the one employee in force whose employees.csv row has this UPN and no object id
   * (case-insensitive); null when nobody (or, against the import's rule, more than one) matches. Earlier links of the
   * object id or of the employee are superseded, not deleted. Run it inside the transaction that audits the link.
   */
  linkByUpn(aadObjectId: string, upn: string, asOf: string, now: Date): UpnLink | null {
    const matches = this.withoutAadByUpn.all({ upn: upn.trim().toLowerCase(), asOf });
    if (matches.length !== 1) return null;
    const match = matches[0]!;
    const aad = aadObjectId.toLowerCase();
    const at = now.toISOString();
    const replacedLinkIds = this.supersedeLinks.all({ aad, employeeId: match.employee_id, at }).map((row) => row.link_id);
    this.insertLink.run({ aad, employeeId: match.employee_id, upn: match.upn!.toLowerCase(), at });
    return { employee: toEmployee({ ...match, aad_object_id: aad }), replacedLinkIds };
  }

  /** Employees of the unit who have the role on the date (e.g. the unit's managers). */
  withRoleInUnit(unitId: string, role: Role, asOf: string): Employee[] {
    return this.withRoleIn.all({ unitId, role, asOf }).map(toEmployee);
  }

  /** Everyone who has the role on the date, in any unit (e.g. the hotline agents). */
  withRole(role: Role, asOf: string): Employee[] {
    return this.withRoleAnywhere.all({ role, asOf }).map(toEmployee);
  }

  /** Employees whose work phone (stored as +45…) is this number on the date. */
  findByPhone(phone: string, asOf: string): Employee[] {
    return this.byPhone.all({ phone, asOf }).map(toEmployee);
  }

  /** Everyone employed on the date (an announcement's audience is chosen from them). */
  allInForce(asOf: string): Employee[] {
    return this.everyone.all({ asOf }).map(toEmployee);
  }

  findById(id: string, asOf: string): Employee | null {
    const row = this.byId.get({ id, asOf });
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
