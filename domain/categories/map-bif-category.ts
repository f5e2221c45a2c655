import type { BifCategory } from './categories.js';

/** The same citizen expressed in all three BIF schemes. Visitation has no exact match-group equivalent, so ranges. */
export type BifEquivalents = {
  gammelMatch: readonly number[];
  nyMatch: readonly number[];
  visitation: readonly ('jobparat' | 'aktivitetsparat' | 'uddannelsesparat')[];
};

// Old 1–3 → new 1, old 4 → new 2, old 5 → new 3 (April 2010). From 2014: new 1 ≈ jobparat (uddannelsesparat for
// young people), new 2–3 ≈ aktivitetsparat.
const EQUIVALENTS: Record<BifCategory, BifEquivalents> = {
  gammel_match_1: { gammelMatch: [1], nyMatch: [1], visitation: ['jobparat', 'uddannelsesparat'] },
  gammel_match_2: { gammelMatch: [2], nyMatch: [1], visitation: ['jobparat', 'uddannelsesparat'] },
  gammel_match_3: { gammelMatch: [3], nyMatch: [1], visitation: ['jobparat', 'uddannelsesparat'] },
  gammel_match_4: { gammelMatch: [4], nyMatch: [2], visitation: ['aktivitetsparat'] },
  gammel_match_5: { gammelMatch: [5], nyMatch: [3], visitation: ['aktivitetsparat'] },
  ny_match_1: { gammelMatch: [1, 2, 3], nyMatch: [1], visitation: ['jobparat', 'uddannelsesparat'] },
  ny_match_2: { gammelMatch: [4], nyMatch: [2], visitation: ['aktivitetsparat'] },
  ny_match_3: { gammelMatch: [5], nyMatch: [3], visitation: ['aktivitetsparat'] },
  jobparat: { gammelMatch: [1, 2, 3], nyMatch: [1], visitation: ['jobparat'] },
  uddannelsesparat: { gammelMatch: [1, 2, 3], nyMatch: [1], visitation: ['uddannelsesparat'] },
  aktivitetsparat: { gammelMatch: [4, 5], nyMatch: [2, 3], visitation: ['aktivitetsparat'] },
};

export function bifEquivalents(category: BifCategory): BifEquivalents {
  return EQUIVALENTS[category];
}

/** The BIF side of the shared-citizen rule: old match 4–5 = new match 2–3 = aktivitetsparat. */
export function isSharedCitizenCategory(category: BifCategory): boolean {
  return EQUIVALENTS[category].nyMatch.every((group) => group >= 2);
}

/**
 * The activation rate's group since 2010: new match group 2 only (old match 4, ny_match_2, and aktivitetsparat,
 * which covers new match 2–3), after the 2010 decision that new match group 3 is not measured (DOMAIN.md, seed 004).
 */
export function isActivationRateCategory(category: BifCategory): boolean {
  return EQUIVALENTS[category].nyMatch.includes(2);
}
