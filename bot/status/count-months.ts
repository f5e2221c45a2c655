import type { ActivationSpan, CaseSpan, OverrideSpan, SharedCandidateFacts } from '../../data/repositories/goal-status.js';
import { periodContains, periodOverlaps } from '../../domain/validity/period.js';
import { isBifCategory } from '../../domain/categories/categories.js';
import { isActivationRateCategory } from '../../domain/categories/map-bif-category.js';
import { addDays, type IsoDate } from '../../domain/dates/iso-date.js';
import { sharedStatus } from '../citizen-status/shared-status.js';
import { firstDay, lastDay, type Month } from './month.js';

/** Citizen counts for one month (raw: small counts are suppressed only when they are shown). */
export type MonthCounts = {
  /** Citizens who were shared citizens on at least one day of the month. */
  sharedCitizens: number;
  /** Citizens who, on at least one day of the month, were shared and had an open BIF case in new match group 2 / aktivitetsparat. */
  activationGroup: number;
  /** Of those, the citizens with an activation period that overlaps the month. */
  activatedInGroup: number;
};

type CitizenFacts = { cases: CaseSpan[]; overrides: OverrideSpan[]; activations: ActivationSpan[] };

/**
 * Counts each month's shared citizens and activation rate from the facts of every citizen who may have been shared
 * (see GoalStatusRepository.sharedCandidateFacts). A citizen's status is decided day by day with the same rule as a
 * lookup (shared-status.ts: the derived rule, or the specialist unit's marking in force that day), but only on the
 * days where one of the citizen's facts starts or ends: the status cannot change between them.
 */
export function countMonths(facts: SharedCandidateFacts, months: readonly Month[]): Map<Month, MonthCounts> {
  const citizens = byCitizen(facts);
  const result = new Map<Month, MonthCounts>();
  for (const month of months) {
    const from = firstDay(month);
    const to = lastDay(month);
    const counts: MonthCounts = { sharedCitizens: 0, activationGroup: 0, activatedInGroup: 0 };
    for (const citizen of citizens.values()) {
      let shared = false;
      let inGroup = false;
      for (const day of changeDays(citizen, from, to)) {
        const cases = citizen.cases.filter((span) => periodContains(span, day));
        if (!sharedStatus(cases, markingOn(citizen.overrides, day)).shared) continue;
        shared = true;
        if (cases.some(isActivationRateCase)) inGroup = true;
        if (inGroup) break;
      }
      if (!shared) continue;
      counts.sharedCitizens++;
      if (!inGroup) continue;
      counts.activationGroup++;
      if (citizen.activations.some((span) => periodOverlaps(span, from, to))) counts.activatedInGroup++;
    }
    result.set(month, counts);
  }
  return result;
}

function byCitizen(facts: SharedCandidateFacts): Map<string, CitizenFacts> {
  const citizens = new Map<string, CitizenFacts>();
  const of = (cpr: string) => {
    let found = citizens.get(cpr);
    if (!found) citizens.set(cpr, (found = { cases: [], overrides: [], activations: [] }));
    return found;
  };
  facts.cases.forEach((span) => of(span.cpr).cases.push(span));
  facts.overrides.forEach((span) => of(span.cpr).overrides.push(span));
  facts.activations.forEach((span) => of(span.cpr).activations.push(span));
  return citizens;
}

/** The first day of the month and every day in it on which one of the citizen's cases or markings starts or ends. */
function changeDays(citizen: CitizenFacts, from: IsoDate, to: IsoDate): IsoDate[] {
  const days = new Set<IsoDate>([from]);
  for (const span of [...citizen.cases, ...citizen.overrides]) {
    if (span.validFrom > from && span.validFrom <= to) days.add(span.validFrom as IsoDate);
    if (span.validTo !== null && span.validTo >= from && span.validTo < to) days.add(addDays(span.validTo, 1));
  }
  return [...days].sort();
}

/** The marking in force on a day: the latest-starting one, as SharedCitizenOverrideRepository.inForceOn picks it. */
function markingOn(overrides: readonly OverrideSpan[], day: IsoDate): OverrideSpan | null {
  let chosen: OverrideSpan | null = null;
  for (const span of overrides) {
    if (!periodContains(span, day)) continue;
    if (!chosen || span.validFrom > chosen.validFrom || (span.validFrom === chosen.validFrom && span.overrideId > chosen.overrideId)) chosen = span;
  }
  return chosen;
}

function isActivationRateCase(span: CaseSpan): boolean {
  return span.administration === 'BIF' && span.category !== null && isBifCategory(span.category) && isActivationRateCategory(span.category);
}

