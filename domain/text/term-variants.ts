/** How a term in the index relates to a term of the query; closer relations count for more. */
export type VariantKind = 'exact' | 'prefix' | 'compound' | 'typo';

export const VARIANT_WEIGHT: Record<VariantKind, number> = { exact: 1, prefix: 0.85, compound: 0.7, typo: 0.6 };

const MIN_PREFIX = 3;
/** What the stemmer may leave of an ending on one side and cut on the other ("-er", "-e"). */
const MAX_LEFT_OVER = 2;
const MIN_COMPOUND = 5;
const MAX_VARIANTS = 40;

/**
 * The index terms a query term may stand for: itself; longer words it begins ("handlepl" → "handleplan");
 * compounds that contain it or that it contains ("misbrug" ↔ "stofmisbrug"); and, only when none of those exist,
 * the nearest words one or two typing mistakes away ("reconect" → "reconnect"; bot/guide/spelling corrects more).
 * The vocabulary is small (a few thousand terms), so scanning it per query is cheaper than keeping a trigram index.
 */
export function termVariants(term: string, vocabulary: readonly string[], typed = term): Map<string, VariantKind> {
  const found = new Map<string, VariantKind>();
  for (const known of vocabulary) {
    if (known === term) found.set(known, 'exact');
    else if (isPrefixOf(known, term, typed)) found.set(known, 'prefix');
    else if (term.length >= MIN_COMPOUND && known.length > term.length && known.endsWith(term)) found.set(known, 'compound');
    else if (known.length >= MIN_COMPOUND && term.length > known.length && (term.startsWith(known) || term.endsWith(known))) found.set(known, 'compound');
  }
  if (found.size === 0 && term.length >= 4) for (const known of nearestWords(term, vocabulary)) found.set(known, 'typo');
  return new Map([...found].sort((a, b) => VARIANT_WEIGHT[b[1]] - VARIANT_WEIGHT[a[1]]).slice(0, MAX_VARIANTS));
}

/**
 * The words one or two typing mistakes from a term (two only for terms of 8+ letters), the nearest only: "handeplan"
 * is one from "handleplan" and two from "gadeplan", so it stands for "handleplan" alone.
 */
export function nearestWords(term: string, vocabulary: readonly string[]): string[] {
  const allowed = term.length >= 8 ? 2 : 1;
  let nearest: string[] = [];
  let best = allowed;
  for (const known of vocabulary) {
    if (Math.abs(known.length - term.length) > best) continue;
    const distance = editDistance(term, known, best);
    if (distance < best) [nearest, best] = [[known], distance];
    else if (distance === best) nearest.push(known);
  }
  return nearest;
}

/**
 * A prefix is a word not typed to its end, so it is what was typed that must begin the index word: "handlepl" →
 * "handleplan". The stem may begin it too, but only with an ending left over ("misbrugeren" → "misbruger"): the stem
 * of a whole word ("handles" → "handl") would otherwise reach every compound it begins ("handleplan").
 */
function isPrefixOf(known: string, term: string, typed: string): boolean {
  if (typed.length >= MIN_PREFIX && known.startsWith(typed)) return true;
  return term.length >= MIN_PREFIX && known.startsWith(term) && known.length - term.length <= MAX_LEFT_OVER;
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbouring letters, the commonest typo),
 * giving up early once every path exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  let before: number[] = new Array<number>(cols).fill(0);
  let previous: number[] = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current: number[] = [i];
    let best = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return best;
    before = previous;
    previous = current;
  }
  return previous[cols - 1]!;
}
