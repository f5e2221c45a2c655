import type { Sql } from '../sql/sql.js';
import { inForceDuring } from '../validity/in-force.js';

/** A consent record as the store believes it today. `givenOn` is the day given; the other two are first days it no longer counts. */
export type ConsentRecord = {
  givenOn: string;
  expiresOn: string | null;
  withdrawnOn: string | null;
  source: string;
  reference: string | null;
  administrations: string[];
};

const FOREVER = "'9999-12-31'";

type Row = { given_on: string; expires_on: string | null; withdrawn_on: string | null; source: string; reference: string | null; administrations: string };

// The records the source lists today (or has listed from a future day on): a record the source has dropped, or a
// version a later import replaced, is history and not read here.
const CURRENT = `SELECT c.source_from AS given_on, c.expires_on, c.withdrawn_on, c.source, c.reference, c.administrations
   FROM consent_versions c
  WHERE c.cpr = @cpr AND c.purpose = @purpose AND ${inForceDuring('c', '@today', FOREVER)}
    AND c.version_id = (SELECT max(d.version_id) FROM consent_versions d
                         WHERE d.cpr = c.cpr AND d.purpose = c.purpose AND d.source_from = c.source_from AND ${inForceDuring('d', '@today', FOREVER)})
  ORDER BY c.source_from`;

export class ConsentRepository {
  constructor(private readonly sql: Sql) {}

  /** The citizen's consent records for the purpose as known today, oldest given first. */
  async currentRecords(cpr: string, purpose: string, today: string): Promise<ConsentRecord[]> {
    return (await this.sql.all<Row>(CURRENT, { cpr, purpose, today })).map((row) => ({
      givenOn: row.given_on,
      expiresOn: row.expires_on,
      withdrawnOn: row.withdrawn_on,
      source: row.source,
      reference: row.reference,
      administrations: row.administrations.split('|'),
    }));
  }
}
