import type { Employee } from '../../data/repositories/employees.js';
import type { Repositories } from '../../data/store/store.js';
import { sharedStatusOn } from '../citizen-status/shared-status.js';

export type AccessDecision =
  | { allowed: true; basis: 'caseworker' | 'specialist' }
  | { allowed: false; reason: 'not-an-employee' | 'no-lookup-role' | 'no-open-case-in-own-administration' | 'not-a-shared-citizen' };

/**
 * Who may see which team and caseworker handle a citizen (DOMAIN.md, need-to-know), judged on today's facts
 * whatever date the question is about: a caseworker, for citizens with an open case in their own administration;
 * a specialist-unit member, for shared citizens. The reasons are for the audit log only; a refused user is never
 * told which one applied, so a refusal does not reveal whether the citizen exists.
 */
export async function decideAccess(asker: Employee | null, cpr: string, today: string, store: Repositories): Promise<AccessDecision> {
  if (!asker) return { allowed: false, reason: 'not-an-employee' };
  const isCaseworker = asker.roles.includes('caseworker');
  const isSpecialist = asker.roles.includes('specialist');
  if (!isCaseworker && !isSpecialist) return { allowed: false, reason: 'no-lookup-role' };
  if (isCaseworker && asker.administration && await store.cases.hasOpenCaseIn(cpr, asker.administration, today)) {
    return { allowed: true, basis: 'caseworker' };
  }
  if (isSpecialist && (await sharedStatusOn(store, cpr, today)).shared) return { allowed: true, basis: 'specialist' };
  return { allowed: false, reason: isSpecialist ? 'not-a-shared-citizen' : 'no-open-case-in-own-administration' };
}
