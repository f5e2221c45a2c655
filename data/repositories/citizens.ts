import type { Db } from '../store/open-database.js';
import { inForceOn } from '../validity/in-force.js';

export class CitizenRepository {
  private readonly name;

  constructor(db: Db) {
    this.name = db.prepare<{ cpr: string; asOf: string }, { name: string }>(
      `SELECT c.name FROM citizen_versions c WHERE c.cpr = @cpr AND ${inForceOn('c')} ORDER BY c.version_id DESC LIMIT 1`,
    );
  }

  /** The citizen's name as known on the date, or null when the store does not know the citizen. */
  nameOf(cpr: string, asOf: string): string | null {
    return this.name.get({ cpr, asOf })?.name ?? null;
  }
}
