import type { Store } from '../../data/store/store.js';
import { BIF_CATEGORIES } from '../../domain/categories/categories.js';
import { isSharedCitizenCategory } from '../../domain/categories/map-bif-category.js';
import { sharedStatusOn } from '../citizen-status/shared-status.js';
import { drawPositions, newSeed } from './seeded-draw.js';

const SHARED_CATEGORIES = BIF_CATEGORIES.filter(isSharedCitizenCategory);

/**
 * `n` citizens drawn at random among those who are shared citizens today, and how many there are. The candidates
 * (as the status card counts them) are checked in the drawn order, each with the same rule as a lookup, until `n`
 * are found, so a citizen marked "not shared" is never drawn.
 */
export async function drawSharedCitizens(store: Store, today: string, n: number, seed = newSeed()): Promise<{ drawn: string[]; sharedToday: number }> {
  const facts = await store.goalStatus.sharedCandidateFacts(today, today, SHARED_CATEGORIES);
  const candidates = [...new Set([...facts.cases.map((c) => c.cpr), ...facts.overrides.filter((o) => o.shared).map((o) => o.cpr)])].sort();
  const shared = new Set<string>();
  for (const cpr of candidates) if ((await sharedStatusOn(store, cpr, today)).shared) shared.add(cpr);
  const drawn: string[] = [];
  for (const position of drawPositions(candidates.length, candidates.length, seed)) {
    if (drawn.length === n) break;
    if (shared.has(candidates[position]!)) drawn.push(candidates[position]!);
  }
  return { drawn, sharedToday: shared.size };
}
