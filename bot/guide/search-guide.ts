import type { GuideCandidate, GuideEntry } from '../../data/repositories/guide.js';
import type { Store } from '../../data/store/store.js';
import { queryTermsAsTyped } from '../../domain/text/normalise-danish.js';
import { findSynonyms, slotScore, slotVariants, withSynonyms, type TermSlot, type WeightedVariants } from './synonyms.js';
import { QuerySpelling } from './spelling/query-spelling.js';
import { VARIANT_WEIGHT } from '../../domain/text/term-variants.js';

export type GuideHit = { entry: GuideEntry; score: number };

/** A keyword hit says the most about what an entry is for, a title hit nearly as much, the body the least. */
const FIELD_WEIGHT = { keywords: 3, title: 2.5, body: 1 } as const;

/**
 * A hit scoring under this share of the best one matched only a minor word of the question, and is not shown.
 * Tuned on test/guide/guide-queries.json: at 0.4 no query loses its expected entry from the top five, and the first
 * page shows 113 results instead of 186 over the 67 queries; at 0.5 the first query loses its entry.
 */
export const RELEVANCE_FLOOR = 0.4;

/**
 * Searches the guide as of a date. Each query term is widened to its variants in the index (see termVariants) and
 * to what the synonym lexicon says it means (see withSynonyms);
 * SQLite's FTS5 index finds the entries holding any of them; each entry then scores, per query term, its best
 * variant (closeness × field × rarity), summed over the terms. Entries that answer more of the question win; those
 * far below the best are left out (RELEVANCE_FLOOR).
 */
export async function searchGuide(store: Store, query: string, asOf: string, limit = 5): Promise<GuideHit[]> {
  const index = await store.guide.vocabularyTerms();
  const { terms: vocabulary, documents } = index;
  const lexicon = await store.guide.synonyms();
  const spelling = new QuerySpelling(index, lexicon);
  const asked = spelling.towardsLexicon(query);
  const terms = queryTermsAsTyped(asked);
  if (terms.length === 0) return [];
  const variantsOf = (text: string): WeightedVariants[] =>
    queryTermsAsTyped(text).map(({ term, typed }) => new Map([...spelling.variants(term, typed)].map(([variant, kind]) => [variant, VARIANT_WEIGHT[kind]])));
  const synonyms = findSynonyms(asked, lexicon, asOf);
  const variantsPerTerm = withSynonyms(terms.map(({ term }) => term), variantsOf(asked), synonyms, variantsOf);
  const allVariants = [...new Set(variantsPerTerm.flatMap(slotVariants))];
  const rarity = (term: string) => Math.log(1 + documents / (vocabulary.get(term) ?? documents));
  const hits = (await store.guide.candidates(allVariants, asOf)).map((candidate) => ({
    entry: candidate.entry,
    score: scoreOf(candidate, variantsPerTerm, rarity),
  }));
  const ranked = hits.filter((hit) => hit.score > 0).sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title, 'da'));
  const floor = RELEVANCE_FLOOR * (ranked[0]?.score ?? 0);
  return ranked.filter((hit) => hit.score >= floor).slice(0, limit);
}

function scoreOf(candidate: GuideCandidate, variantsPerTerm: readonly TermSlot[], rarity: (term: string) => number): number {
  const fields = {
    keywords: new Set(candidate.indexed.keywords.split(' ')),
    title: new Set(candidate.indexed.title.split(' ')),
    body: new Set(candidate.indexed.body.split(' ')),
  };
  const bestMatch = (variants: WeightedVariants) => {
    let best = 0;
    for (const [variant, closeness] of variants) {
      for (const field of ['keywords', 'title', 'body'] as const) {
        if (fields[field].has(variant)) best = Math.max(best, closeness * FIELD_WEIGHT[field] * rarity(variant));
      }
    }
    return best;
  };
  return variantsPerTerm.reduce((score, slot) => score + slotScore(slot, bestMatch), 0);
}
