import type { Db } from '../store/open-database.js';

/** An offer of a social action plan (Serviceloven § 141); `declined` means a process note was written instead. */
export type ActionPlanOffer = { offeredOn: string; outcome: 'accepted' | 'declined'; completedOn: string | null };

/** How a citizen's alerts stand: not yet resolved, and of those not yet claimed by anyone. */
export type AlertCounts = { open: number; unclaimed: number };

/** Reads for the specialist unit's quarterly sample check of coordination, one citizen at a time. */
export class SampleCheckReads {
  private readonly offers;
  private readonly alerts;

  constructor(db: Db) {
    this.offers = db.prepare<{ cpr: string; today: string }, { offered_on: string; outcome: 'accepted' | 'declined'; completed_date: string | null }>(
      `SELECT valid_from AS offered_on, outcome, completed_date FROM action_plan_versions
        WHERE cpr = @cpr AND superseded_at IS NULL AND valid_from <= @today ORDER BY valid_from DESC, version_id DESC`,
    );
    this.alerts = db.prepare<{ cpr: string }, { open: number; unclaimed: number }>(
      `SELECT count(*) AS open, coalesce(sum(a.state = 'open'), 0) AS unclaimed FROM alerts a JOIN events e ON e.webhook_id = a.webhook_id
        WHERE e.cpr = @cpr AND a.state IN ('open', 'claimed')`,
    );
  }

  /** Offers up to today, newest first. */
  actionPlanOffers(cpr: string, today: string): ActionPlanOffer[] {
    return this.offers.all({ cpr, today }).map((row) => ({ offeredOn: row.offered_on, outcome: row.outcome, completedOn: row.completed_date }));
  }

  alertCounts(cpr: string): AlertCounts {
    return this.alerts.get({ cpr }) ?? { open: 0, unclaimed: 0 };
  }
}
