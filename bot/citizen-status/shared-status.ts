import type { OpenCase } from '../../data/repositories/cases.js';
import type { SharedCitizenOverride } from '../../data/repositories/shared-citizen-overrides.js';
import type { Tx } from '../../data/store/store.js';
import { isBifCategory } from '../../domain/categories/categories.js';
import { isSharedCitizenCategory } from '../../domain/categories/map-bif-category.js';

export type SharedStatus<O extends { shared: boolean } = SharedCitizenOverride> = {
  shared: boolean;
  /** What the cases say: an open BIF case in old match 4–5 / new match 2–3 / aktivitetsparat plus an open SOF case. */
  derived: boolean;
  override: O | null;
};

/** The only parts of a case the rule looks at. */
export type CaseCategory = Pick<OpenCase, 'administration' | 'category'>;

export function isSharedByCases(cases: readonly CaseCategory[]): boolean {
  const bif = cases.some((c) => c.administration === 'BIF' && c.category !== null && isBifCategory(c.category) && isSharedCitizenCategory(c.category));
  const sof = cases.some((c) => c.administration === 'SOF');
  return bif && sof;
}

/** A specialist's manual marking, when there is one in force, wins over the derived rule. */
export function sharedStatus<O extends { shared: boolean } = SharedCitizenOverride>(cases: readonly CaseCategory[], override: O | null): SharedStatus<O> {
  const derived = isSharedByCases(cases);
  return { shared: override ? override.shared : derived, derived, override };
}

export async function sharedStatusOn(store: Tx, cpr: string, asOf: string): Promise<SharedStatus> {
  return sharedStatus(await store.cases.openCasesOf(cpr, asOf), await store.sharedOverrides.inForceOn(cpr, asOf));
}
