import type { Sql } from '../sql/sql.js';
import { inForceOn } from '../validity/in-force.js';

const NAME = `SELECT c.name FROM citizen_versions c WHERE c.cpr = @cpr AND ${inForceOn('c')} ORDER BY c.version_id DESC LIMIT 1`;

export class CitizenRepository {
  constructor(private readonly sql: Sql) {}

  /** The citizen's name as known on the date, or null when the store does not know the citizen. */
  async nameOf(cpr: string, asOf: string): Promise<string | null> {
    return (await this.sql.get<{ name: string }>(NAME, { cpr, asOf }))?.name ?? null;
  }
}
