import type { GuideSynonym } from '../../data/repositories/guide.js';
import { periodContains } from '../../domain/validity/period.js';
import { stem, words } from '../../domain/text/normalise-danish.js';

/**
 * What a meaning from the lexicon counts for, times the closeness of its own match in the index: a bit under the
 * word itself. Tuned on the first and the hard query sets only (see the README's Vejviser section).
 */
export const SYNONYM_WEIGHT = 0.9;

/** The longest phrase looked up: a lexicon word is one to three words (guide_synonyms.csv refuses longer ones). */
const MAX_PHRASE_WORDS = 3;

/** Index terms with how close each is to what was asked (1 = the word itself); a term scores its best one. */
export type WeightedVariants = Map<string, number>;

/**
 * What one term of the question may stand for: alternatives (the word as typed, or a meaning the lexicon gives it),
 * each a list of words that count in full only together: an entry with "sygdom" alone gets half of "psykisk sygdom".
 */
export type TermSlot = readonly (readonly WeightedVariants[])[];

/** Every index term a slot may match (for the full-text query). */
export function slotVariants(slot: TermSlot): string[] {
  return slot.flatMap((words) => words.flatMap((variants) => [...variants.keys()]));
}

/** A slot's score for one entry: its best alternative, each alternative the mean of its words' best matches. */
export function slotScore(slot: TermSlot, bestMatch: (variants: WeightedVariants) => number): number {
  let best = 0;
  for (const words of slot) best = Math.max(best, words.reduce((sum, variants) => sum + bestMatch(variants), 0) / words.length);
  return best;
}

/** A run of the question's words that the lexicon knows: their stems, and what the run means in the guide's words. */
export type SynonymMatch = { stems: readonly string[]; means: readonly string[] };

type Lexicon = ReadonlyMap<string, readonly GuideSynonym[]>;

const lexicons = new WeakMap<readonly GuideSynonym[], Lexicon>();

/** The lexicon by its words folded and stemmed like a query, built once per version of the lexicon. */
function lexiconOf(synonyms: readonly GuideSynonym[]): Lexicon {
  let lexicon = lexicons.get(synonyms);
  if (!lexicon) {
    const byKey = new Map<string, GuideSynonym[]>();
    for (const synonym of synonyms) {
      const key = phraseKey(words(synonym.word));
      byKey.set(key, [...(byKey.get(key) ?? []), synonym]);
    }
    lexicon = byKey;
    lexicons.set(synonyms, lexicon);
  }
  return lexicon;
}

const phraseKey = (folded: readonly string[]) => folded.map(stem).join(' ');

/**
 * The runs of one to three consecutive words of the question that the lexicon in force on the date knows, read left
 * to right, longest first, not overlapping. Stopwords are still in the question here, so "sover på gaden" is a
 * phrase; "drugs", "Drugs" and "drug" meet because both sides are folded and stemmed alike.
 */
export function findSynonyms(query: string, synonyms: readonly GuideSynonym[], asOf: string): SynonymMatch[] {
  if (synonyms.length === 0) return [];
  const lexicon = lexiconOf(synonyms);
  const folded = words(query);
  const found: SynonymMatch[] = [];
  let start = 0;
  while (start < folded.length) {
    let length = Math.min(MAX_PHRASE_WORDS, folded.length - start);
    for (; length > 0; length--) {
      const run = folded.slice(start, start + length);
      const inForce = (lexicon.get(phraseKey(run)) ?? []).filter((synonym) => periodContains(synonym, asOf));
      if (inForce.length > 0) {
        found.push({ stems: run.map(stem), means: [...new Set(inForce.flatMap((synonym) => synonym.means))] });
        break;
      }
    }
    start += Math.max(length, 1);
  }
  return found;
}

/**
 * Widens the question's terms with what the lexicon says they mean. Each meaning (its words' variants found by
 * `variantsOf`, weighted by SYNONYM_WEIGHT) becomes an alternative of the term the phrase begins with, so a word and
 * its meanings count once, at the best of them; the phrase's other terms are taken up into it ("sover på gaden" is
 * one thing asked).
 */
export function withSynonyms(
  terms: readonly string[],
  variants: readonly WeightedVariants[],
  matches: readonly SynonymMatch[],
  variantsOf: (text: string) => WeightedVariants[],
): TermSlot[] {
  const slots = terms.map((term, index) => ({ term, alternatives: [[variants[index]!]] as WeightedVariants[][], taken: false }));
  for (const match of matches) {
    const covered = slots.filter((slot) => !slot.taken && match.stems.includes(slot.term));
    const target = covered[0] ?? { term: '', alternatives: [], taken: false };
    if (covered.length === 0) slots.push(target);
    covered.slice(1).forEach((slot) => (slot.taken = true));
    for (const meaning of match.means) {
      const words = variantsOf(meaning).map((meaningVariants) => new Map([...meaningVariants].map(([variant, weight]) => [variant, weight * SYNONYM_WEIGHT])));
      if (words.length > 0) target.alternatives.push(words);
    }
  }
  return slots.filter((slot) => !slot.taken).map((slot) => slot.alternatives);
}
