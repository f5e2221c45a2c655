import type { Sql } from '../sql/sql.js';
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

const BY_ID = `${SELECT} AND u.unit_id = @id ORDER BY u.version_id DESC LIMIT 1`;
const ENTRY_POINTS = `${SELECT} AND u.administration = @administration AND u.entry_point = 1 ORDER BY u.name, u.unit_id`;
const EVERY_ENTRY_POINT = `${SELECT} AND u.entry_point = 1 ORDER BY u.name, u.unit_id`;
const OF_ADMINISTRATION = `${SELECT} AND u.administration = @administration ORDER BY u.parent_id IS NOT NULL, u.unit_id`;
const EVERY_UNIT = `${SELECT} ORDER BY u.administration, u.parent_id IS NOT NULL, u.name, u.unit_id`;
const ADMINISTRATION_NAME = 'SELECT name_da, name_en FROM administrations WHERE code = @code';

export class UnitRepository {
  /** Administrations are rows the migrations seed and nothing changes: a name once read is kept. */
  private readonly names = new Map<string, { da: string; en: string }>();

  constructor(private readonly sql: Sql) {}

  async findById(id: string, asOf: string): Promise<Unit | null> {
    const row = await this.sql.get<UnitRow>(BY_ID, { id, asOf });
    return row ? toUnit(row) : null;
  }

  /** The units an administration names as the way in for the other administration's staff. */
  async entryPointsOf(administration: string, asOf: string): Promise<Unit[]> {
    return (await this.sql.all<UnitRow>(ENTRY_POINTS, { administration, asOf })).map(toUnit);
  }

  /** Every administration's entry points (as entryPointsOf gives them), in one statement; an administration without any is absent. */
  async entryPointsByAdministration(asOf: string): Promise<Record<string, Unit[]>> {
    const byAdministration: Record<string, Unit[]> = {};
    for (const row of await this.sql.all<UnitRow>(EVERY_ENTRY_POINT, { asOf })) (byAdministration[row.administration] ??= []).push(toUnit(row));
    return byAdministration;
  }

  /** The unit and its ancestors in force on the date, nearest first (stops at a cycle or a missing parent). */
  async withAncestors(id: string, asOf: string): Promise<Unit[]> {
    const chain: Unit[] = [];
    const seen = new Set<string>();
    let next: string | null = id;
    while (next && !seen.has(next)) {
      seen.add(next);
      const unit: Unit | null = await this.findById(next, asOf);
      if (!unit) break;
      chain.push(unit);
      next = unit.parentId;
    }
    return chain;
  }

  /** Units of an administration in force on the date, top-level units first. */
  async unitsOf(administration: string, asOf: string): Promise<Unit[]> {
    return (await this.sql.all<UnitRow>(OF_ADMINISTRATION, { administration, asOf })).map(toUnit);
  }

  /** All units in force on the date. */
  async allInForce(asOf: string): Promise<Unit[]> {
    return (await this.sql.all<UnitRow>(EVERY_UNIT, { asOf })).map(toUnit);
  }

  async administrationNames(code: string): Promise<{ da: string; en: string } | null> {
    const known = this.names.get(code);
    if (known) return known;
    const row = await this.sql.get<{ name_da: string; name_en: string }>(ADMINISTRATION_NAME, { code });
    if (!row) return null;
    const names = { da: row.name_da, en: row.name_en };
    this.names.set(code, names);
    return names;
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
