import type { Db } from '../store/open-database.js';
import { inForceDuring, inForceOn } from '../validity/in-force.js';

/** action_plan_offers: offers of a social action plan per calendar year; activation_rate: a percentage. */
export const GOAL_KINDS = ['action_plan_offers', 'activation_rate'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

/** A current version's period (both ends inclusive, validTo null = until further notice). */
export type Span = { validFrom: string; validTo: string | null };
export type CaseSpan = Span & { cpr: string; administration: string; category: string | null };
export type OverrideSpan = Span & { cpr: string; shared: boolean; overrideId: number };
export type ActivationSpan = Span & { cpr: string };

/** Everything needed to tell, day by day, who was a shared citizen in a period and who was in activation. */
export type SharedCandidateFacts = { cases: CaseSpan[]; overrides: OverrideSpan[]; activations: ActivationSpan[] };

type CaseRow = { cpr: string; administration: string; category: string | null; valid_from: string; valid_to: string | null };
type OverrideRow = { override_id: number; cpr: string; shared: number; valid_from: string; valid_to: string | null };
type SpanRow = { cpr: string; valid_from: string; valid_to: string | null };

/**
 * Reads for the strategy's goals. Citizen numbers stay inside the process: the status module counts them and only
 * counts leave it.
 */
export class GoalStatusRepository {
  private readonly candidates;
  private readonly casesOf;
  private readonly overridesOf;
  private readonly activationsOf;
  private readonly offerCounts;
  private readonly target;

  constructor(db: Db) {
    // Who may have been a shared citizen during the period: an open BIF case in a shared-citizen category and an
    // open SOF case at some time in it (not necessarily the same day; that is decided day by day afterwards), or a
    // marking as shared. Markings as not shared only take citizens out, so they are read for these citizens only.
    this.candidates = db
      .prepare<{ from: string; to: string; categories: string }, string>(
        `SELECT b.cpr FROM case_versions b
          WHERE b.administration = 'BIF' AND b.category IN (SELECT value FROM json_each(@categories)) AND ${inForceDuring('b')}
         INTERSECT
         SELECT s.cpr FROM case_versions s WHERE s.administration = 'SOF' AND ${inForceDuring('s')}
         UNION
         SELECT o.cpr FROM shared_citizen_overrides o WHERE o.shared = 1 AND ${inForceDuring('o')}`,
      )
      .pluck();
    this.casesOf = db.prepare<{ from: string; to: string; cprs: string }, CaseRow>(
      `SELECT c.cpr, c.administration, c.category, c.valid_from, c.valid_to FROM case_versions c
        WHERE c.cpr IN (SELECT value FROM json_each(@cprs)) AND c.administration IN ('BIF', 'SOF') AND ${inForceDuring('c')}`,
    );
    this.overridesOf = db.prepare<{ from: string; to: string; cprs: string }, OverrideRow>(
      `SELECT o.override_id, o.cpr, o.shared, o.valid_from, o.valid_to FROM shared_citizen_overrides o
        WHERE o.cpr IN (SELECT value FROM json_each(@cprs)) AND ${inForceDuring('o')}`,
    );
    this.activationsOf = db.prepare<{ from: string; to: string; cprs: string }, SpanRow>(
      `SELECT a.cpr, a.valid_from, a.valid_to FROM activation_versions a
        WHERE a.cpr IN (SELECT value FROM json_each(@cprs)) AND ${inForceDuring('a')}`,
    );
    // An offer's period is its date, so "in force during" the period is "offered in" it.
    this.offerCounts = db.prepare<{ from: string; to: string }, { offered: number; declined: number }>(
      `SELECT count(*) AS offered, coalesce(sum(a.outcome = 'declined'), 0) AS declined FROM action_plan_versions a WHERE ${inForceDuring('a')}`,
    );
    this.target = db
      .prepare<{ kind: string; asOf: string }, number>(
        `SELECT t.value FROM goal_target_versions t WHERE t.kind = @kind AND ${inForceOn('t')} ORDER BY t.valid_from DESC, t.version_id DESC LIMIT 1`,
      )
      .pluck();
  }

  /** Cases, markings and activation periods in force during from … to of every citizen who may have been shared then. */
  sharedCandidateFacts(from: string, to: string, sharedCategories: readonly string[]): SharedCandidateFacts {
    const cprs = JSON.stringify(this.candidates.all({ from, to, categories: JSON.stringify(sharedCategories) }));
    const span = (row: { valid_from: string; valid_to: string | null }): Span => ({ validFrom: row.valid_from, validTo: row.valid_to });
    return {
      cases: this.casesOf.all({ from, to, cprs }).map((row) => ({ cpr: row.cpr, administration: row.administration, category: row.category, ...span(row) })),
      overrides: this.overridesOf.all({ from, to, cprs }).map((row) => ({ cpr: row.cpr, shared: row.shared === 1, overrideId: row.override_id, ...span(row) })),
      activations: this.activationsOf.all({ from, to, cprs }).map((row) => ({ cpr: row.cpr, ...span(row) })),
    };
  }

  /** Offers of a social action plan dated from … to, and how many of them were declined (process notes). */
  offers(from: string, to: string): { offered: number; declined: number } {
    return this.offerCounts.get({ from, to }) ?? { offered: 0, declined: 0 };
  }

  /** The target in force on a date (the latest-starting one, should two overlap), or null when none is. */
  targetOn(kind: GoalKind, asOf: string): number | null {
    return this.target.get({ kind, asOf }) ?? null;
  }
}
