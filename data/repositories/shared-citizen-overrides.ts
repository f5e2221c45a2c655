import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Sql } from '../sql/sql.js';
import { inForceOn } from '../validity/in-force.js';
import { replaceOpenEnded } from '../validity/replace-open-ended.js';

export type SharedCitizenOverride = {
  shared: boolean;
  reason: string;
  byEmployeeId: string;
  validFrom: string;
};

type OverrideRow = { override_id: number; shared: number; reason: string; by_employee_id: string; valid_from: string; valid_to: string | null };

const IN_FORCE = `SELECT o.* FROM shared_citizen_overrides o WHERE o.cpr = @cpr AND ${inForceOn('o')} ORDER BY o.valid_from DESC, o.override_id DESC LIMIT 1`;
const OPEN_OVERRIDE = 'SELECT * FROM shared_citizen_overrides WHERE cpr = @cpr AND superseded_at IS NULL AND valid_to IS NULL ORDER BY override_id DESC LIMIT 1';
const SUPERSEDE = 'UPDATE shared_citizen_overrides SET superseded_at = @now WHERE override_id = @id AND superseded_at IS NULL';
const INSERT = `INSERT INTO shared_citizen_overrides (cpr, shared, reason, by_employee_id, valid_from, valid_to, recorded_at)
  VALUES (@cpr, @shared, @reason, @by, @from, @to, @now)`;

export class SharedCitizenOverrideRepository {
  constructor(private readonly sql: Sql) {}

  async inForceOn(cpr: string, asOf: string): Promise<SharedCitizenOverride | null> {
    const row = await this.sql.get<OverrideRow>(IN_FORCE, { cpr, asOf });
    return row ? { shared: row.shared === 1, reason: row.reason, byEmployeeId: row.by_employee_id, validFrom: row.valid_from } : null;
  }

  /**
   * A new override from `from` until further notice. The open one it replaces is closed the day before (as a
   * superseded row plus a closed copy), so what was in force earlier can still be answered.
   */
  async record(input: { cpr: string; shared: boolean; reason: string; byEmployeeId: string; from: IsoDate; now: Date }): Promise<void> {
    const now = input.now.toISOString();
    await this.sql.atomic(async (sql) => {
      const insert = (values: { shared: number; reason: string; by: string; from: string; to: string | null }) => sql.run(INSERT, { cpr: input.cpr, ...values, now });
      await replaceOpenEnded(await sql.get<OverrideRow>(OPEN_OVERRIDE, { cpr: input.cpr }), input.from, {
        supersede: (open) => sql.run(SUPERSEDE, { id: open.override_id, now }),
        insertClosed: (open, to) => insert({ shared: open.shared, reason: open.reason, by: open.by_employee_id, from: open.valid_from, to }),
        insertNew: () => insert({ shared: input.shared ? 1 : 0, reason: input.reason, by: input.byEmployeeId, from: input.from, to: null }),
      });
    });
  }
}
