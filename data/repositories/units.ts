import type { Db } from '../store/open-database.js';
import { inForceOn } from '../validity/in-force.js';

export type Unit = {
  id: string;
  name: string;
  administration: string;
  parentId: string | null;
  phone: string | null;
  email: string | null;
  teamsChannelId: string | null;
  entryPoint: boolean;
};

type UnitRow = {
  unit_id: string;
  name: string;
  administration: string;
  parent_id: string | null;
  phone: string | null;
  email: string | null;
  teams_channel_id: string | null;
  entry_point: number;
};

const SELECT = `SELECT u.unit_id, u.name, u.administration, u.parent_id, u.phone, u.email, u.teams_channel_id, u.entry_point
                  FROM unit_versions u WHERE ${inForceOn('u')}`;

export class UnitRepository {
  private readonly byId;
  private readonly entryPoints;
  private readonly administrationName;
  private readonly ofAdministration;
  private readonly everyUnit;

  constructor(db: Db) {
    this.byId = db.prepare<{ id: string; asOf: string }, UnitRow>(`${SELECT} AND u.unit_id = @id ORDER BY u.version_id DESC LIMIT 1`);
    this.entryPoints = db.prepare<{ administration: string; asOf: string }, UnitRow>(
      `${SELECT} AND u.administration = @administration AND u.entry_point = 1 ORDER BY u.name`,
    );
    this.ofAdministration = db.prepare<{ administration: string; asOf: string }, UnitRow>(
      `${SELECT} AND u.administration = @administration ORDER BY u.parent_id IS NOT NULL, u.unit_id`,
    );
    this.everyUnit = db.prepare<{ asOf: string }, UnitRow>(`${SELECT} ORDER BY u.administration, u.parent_id IS NOT NULL, u.name`);
    this.administrationName = db.prepare<{ code: string }, { name_da: string; name_en: string }>(
      'SELECT name_da, name_en FROM administrations WHERE code = @code',
    );
  }

  findById(id: string, asOf: string): Unit | null {
    const row = this.byId.get({ id, asOf });
    return row ? toUnit(row) : null;
  }

  /** The units an administration names as the way in for the other administration's staff. */
  entryPointsOf(administration: string, asOf: string): Unit[] {
    return this.entryPoints.all({ administration, asOf }).map(toUnit);
  }

  /** The unit and its ancestors in force on the date, nearest first (stops at a cycle or a missing parent). */
  withAncestors(id: string, asOf: string): Unit[] {
    const chain: Unit[] = [];
    const seen = new Set<string>();
    let next: string | null = id;
    while (next && !seen.has(next)) {
      seen.add(next);
      const unit = this.findById(next, asOf);
      if (!unit) break;
      chain.push(unit);
      next = unit.parentId;
    }
    return chain;
  }

  /** Units of an administration in force on the date, top-level units first. */
  unitsOf(administration: string, asOf: string): Unit[] {
    return this.ofAdministration.all({ administration, asOf }).map(toUnit);
  }

  /** All units in force on the date. */
  allInForce(asOf: string): Unit[] {
    return this.everyUnit.all({ asOf }).map(toUnit);
  }

  administrationNames(code: string): { da: string; en: string } | null {
    const row = this.administrationName.get({ code });
    return row ? { da: row.name_da, en: row.name_en } : null;
  }
}

function toUnit(row: UnitRow): Unit {
  return {
    id: row.unit_id,
    name: row.name,
    administration: row.administration,
    parentId: row.parent_id,
    phone: row.phone,
    email: row.email,
    teamsChannelId: row.teams_channel_id,
    entryPoint: row.entry_point === 1,
  };
}
