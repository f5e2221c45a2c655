import { jsonValues } from '../sql/dialect.js';
import type { Sql } from '../sql/sql.js';
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
 * Who may have been a shared citizen during the period: an open BIF case in a shared-citizen category and an open
 * SOF case at some time in it (not necessarily the same day; that is decided day by day afterwards), or a marking as
 * shared. Markings as not shared only take citizens out, so they are read for these citizens only.
 */
const candidatesSql = (sql: Sql) => `
  SELECT b.cpr FROM case_versions b
   WHERE b.administration = 'BIF' AND b.category IN (SELECT value FROM ${jsonValues(sql, '@categories')}) AND ${inForceDuring('b')}
  INTERSECT
  SELECT s.cpr FROM case_versions s WHERE s.administration = 'SOF' AND ${inForceDuring('s')}
  UNION
  SELECT o.cpr FROM shared_citizen_overrides o WHERE o.shared = 1 AND ${inForceDuring('o')}
  ORDER BY 1`;
// Ordered (the engines' unordered orders differ), so both give the same lists.
const casesOfSql = (sql: Sql) => `
  SELECT c.cpr, c.administration, c.category, c.valid_from, c.valid_to FROM case_versions c
   WHERE c.cpr IN (SELECT value FROM ${jsonValues(sql, '@cprs')}) AND c.administration IN ('BIF', 'SOF') AND ${inForceDuring('c')}
   ORDER BY c.cpr, c.version_id`;
const overridesOfSql = (sql: Sql) => `
  SELECT o.override_id, o.cpr, o.shared, o.valid_from, o.valid_to FROM shared_citizen_overrides o
   WHERE o.cpr IN (SELECT value FROM ${jsonValues(sql, '@cprs')}) AND ${inForceDuring('o')}
   ORDER BY o.cpr, o.override_id`;
const activationsOfSql = (sql: Sql) => `
  SELECT a.cpr, a.valid_from, a.valid_to FROM activation_versions a
   WHERE a.cpr IN (SELECT value FROM ${jsonValues(sql, '@cprs')}) AND ${inForceDuring('a')}
   ORDER BY a.cpr, a.version_id`;
// An offer's period is its date, so "in force during" the period is "offered in" it.
const OFFER_COUNTS = `SELECT count(*) AS offered, coalesce(sum(CASE WHEN a.outcome = 'declined' THEN 1 ELSE 0 END), 0) AS declined
  FROM action_plan_versions a WHERE ${inForceDuring('a')}`;
const TARGET = `SELECT t.value FROM goal_target_versions t WHERE t.kind = @kind AND ${inForceOn('t')} ORDER BY t.valid_from DESC, t.version_id DESC LIMIT 1`;

/**
 * Reads for the strategy's goals. Citizen numbers stay inside the process: the status module counts them and only
 * counts leave it.
 */
export class GoalStatusRepository {
  private readonly texts;

  constructor(private readonly sql: Sql) {
    this.texts = { candidates: candidatesSql(sql), casesOf: casesOfSql(sql), overridesOf: overridesOfSql(sql), activationsOf: activationsOfSql(sql) };
  }

  /** Cases, markings and activation periods in force during from … to of every citizen who may have been shared then. */
  async sharedCandidateFacts(from: string, to: string, sharedCategories: readonly string[]): Promise<SharedCandidateFacts> {
    const candidates = await this.sql.all<{ cpr: string }>(this.texts.candidates, { from, to, categories: JSON.stringify(sharedCategories) });
    const cprs = JSON.stringify(candidates.map((row) => row.cpr));
    const span = (row: { valid_from: string; valid_to: string | null }): Span => ({ validFrom: row.valid_from, validTo: row.valid_to });
    const [cases, overrides, activations] = [
      await this.sql.all<CaseRow>(this.texts.casesOf, { from, to, cprs }),
      await this.sql.all<OverrideRow>(this.texts.overridesOf, { from, to, cprs }),
      await this.sql.all<SpanRow>(this.texts.activationsOf, { from, to, cprs }),
    ];
    return {
      cases: cases.map((row) => ({ cpr: row.cpr, administration: row.administration, category: row.category, ...span(row) })),
      overrides: overrides.map((row) => ({ cpr: row.cpr, shared: row.shared === 1, overrideId: row.override_id, ...span(row) })),
      activations: activations.map((row) => ({ cpr: row.cpr, ...span(row) })),
    };
  }

  /** Offers of a social action plan dated from … to, and how many of them were declined (process notes). */
  async offers(from: string, to: string): Promise<{ offered: number; declined: number }> {
    return (await this.sql.get<{ offered: number; declined: number }>(OFFER_COUNTS, { from, to })) ?? { offered: 0, declined: 0 };
  }

  /** The target in force on a date (the latest-starting one, should two overlap), or null when none is. */
  async targetOn(kind: GoalKind, asOf: string): Promise<number | null> {
    return (await this.sql.get<{ value: number }>(TARGET, { kind, asOf }))?.value ?? null;
  }
}
