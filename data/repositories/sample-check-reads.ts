import type { Sql } from '../sql/sql.js';

/** An offer of a social action plan (Serviceloven § 141); `declined` means a process note was written instead. */
export type ActionPlanOffer = { offeredOn: string; outcome: 'accepted' | 'declined'; completedOn: string | null };

/** How a citizen's alerts stand: not yet resolved, and of those not yet claimed by anyone. */
export type AlertCounts = { open: number; unclaimed: number };

const OFFERS = `SELECT valid_from AS offered_on, outcome, completed_date FROM action_plan_versions
  WHERE cpr = @cpr AND superseded_at IS NULL AND valid_from <= @today ORDER BY valid_from DESC, version_id DESC`;
const ALERTS = `SELECT count(*) AS open, coalesce(sum(CASE WHEN a.state = 'open' THEN 1 ELSE 0 END), 0) AS unclaimed
  FROM alerts a JOIN events e ON e.webhook_id = a.webhook_id
  WHERE e.cpr = @cpr AND a.state IN ('open', 'claimed')`;

/** Reads for the specialist unit's quarterly sample check of coordination, one citizen at a time. */
export class SampleCheckReads {
  constructor(private readonly sql: Sql) {}

  /** Offers up to today, newest first. */
  async actionPlanOffers(cpr: string, today: string): Promise<ActionPlanOffer[]> {
    const rows = await this.sql.all<{ offered_on: string; outcome: 'accepted' | 'declined'; completed_date: string | null }>(OFFERS, { cpr, today });
    return rows.map((row) => ({ offeredOn: row.offered_on, outcome: row.outcome, completedOn: row.completed_date }));
  }

  async alertCounts(cpr: string): Promise<AlertCounts> {
    return (await this.sql.get<AlertCounts>(ALERTS, { cpr })) ?? { open: 0, unclaimed: 0 };
  }
}
