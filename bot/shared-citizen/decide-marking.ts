import type { Tx } from '../../data/store/store.js';
import { sharedStatusOn } from '../citizen-status/shared-status.js';

export type MarkingDecision = { allowed: true } | { allowed: false; reason: 'unknown-citizen' | 'no-open-case' };

/**
 * Whether the specialist unit may mark (or unmark) this citizen today: only a citizen with an open case in BIF or
 * SOF today, as the lookup counts cases. An unmarking is also allowed while the citizen is shared today (marked
 * shared, cases since closed): the specialist may look such a citizen up anyway, and unmarking only narrows who may.
 *
 * An unknown number and a known citizen without a case run the same queries and get the same answer, so neither the
 * reply nor its time tells them apart; the reason is for the audit log only.
 */
export async function decideMarking(store: Tx, cpr: string, shared: boolean, today: string): Promise<MarkingDecision> {
  const openInBif = await store.cases.hasOpenCaseIn(cpr, 'BIF', today);
  const openInSof = await store.cases.hasOpenCaseIn(cpr, 'SOF', today);
  const sharedToday = !shared && (await sharedStatusOn(store, cpr, today)).shared;
  if (openInBif || openInSof || sharedToday) return { allowed: true };
  return { allowed: false, reason: await store.citizens.nameOf(cpr, today) === null ? 'unknown-citizen' : 'no-open-case' };
}
