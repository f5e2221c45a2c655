import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Db } from '../store/open-database.js';
import { inForceOn } from '../validity/in-force.js';
import { replaceOpenEnded } from '../validity/replace-open-ended.js';

export type SharedCitizenOverride = {
  shared: boolean;
  reason: string;
  byEmployeeId: string;
  validFrom: string;
};

type OverrideRow = { override_id: number; shared: number; reason: string; by_employee_id: string; valid_from: string; valid_to: string | null };

export class SharedCitizenOverrideRepository {
  private readonly inForce;
  private readonly openOverride;
  private readonly supersede;
  private readonly insert;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.inForce = db.prepare<{ cpr: string; asOf: string }, OverrideRow>(
      `SELECT o.* FROM shared_citizen_overrides o WHERE o.cpr = @cpr AND ${inForceOn('o')} ORDER BY o.valid_from DESC, o.override_id DESC LIMIT 1`,
    );
    this.openOverride = db.prepare<{ cpr: string }, OverrideRow>(
      'SELECT * FROM shared_citizen_overrides WHERE cpr = @cpr AND superseded_at IS NULL AND valid_to IS NULL ORDER BY override_id DESC LIMIT 1',
    );
    this.supersede = db.prepare<{ id: number; now: string }>(
      'UPDATE shared_citizen_overrides SET superseded_at = @now WHERE override_id = @id AND superseded_at IS NULL',
    );
    this.insert = db.prepare<{ cpr: string; shared: number; reason: string; by: string; from: string; to: string | null; now: string }>(
      `INSERT INTO shared_citizen_overrides (cpr, shared, reason, by_employee_id, valid_from, valid_to, recorded_at)
       VALUES (@cpr, @shared, @reason, @by, @from, @to, @now)`,
    );
  }

  inForceOn(cpr: string, asOf: string): SharedCitizenOverride | null {
    const row = this.inForce.get({ cpr, asOf });
    return row ? { shared: row.shared === 1, reason: row.reason, byEmployeeId: row.by_employee_id, validFrom: row.valid_from } : null;
  }

  /**
   * A new override from `from` until further notice. The open one it replaces is closed the day before (as a
   * superseded row plus a closed copy), so what was in force earlier can still be answered.
   */
  record(input: { cpr: string; shared: boolean; reason: string; byEmployeeId: string; from: IsoDate; now: Date }): void {
    const now = input.now.toISOString();
    this.db.transaction(() =>
      replaceOpenEnded(this.openOverride.get({ cpr: input.cpr }), input.from, {
        supersede: (open) => this.supersede.run({ id: open.override_id, now }),
        insertClosed: (open, to) => this.insert.run({ cpr: input.cpr, shared: open.shared, reason: open.reason, by: open.by_employee_id, from: open.valid_from, to, now }),
        insertNew: () => this.insert.run({ cpr: input.cpr, shared: input.shared ? 1 : 0, reason: input.reason, by: input.byEmployeeId, from: input.from, to: null, now }),
      }),
    )();
  }
}
