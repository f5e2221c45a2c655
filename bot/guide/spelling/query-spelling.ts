import { stem, words } from '../../../domain/text/normalise-danish.js';
import { nearestWords, termVariants, VARIANT_WEIGHT, type VariantKind } from '../../../domain/text/term-variants.js';
import { danishDictionaryIfReady, type DanishDictionary } from './danish-dictionary.js';
import { oneEditAway } from './one-edit-away.js';

/** Shorter words are abbreviations or too close to too many others to correct; longer ones are not words. */
const MIN_LETTERS = 4;
const MAX_LETTERS = 24;
/**
 * Per search: how many words are corrected, and how long the dictionary may be asked (a safety net on a loaded
 * machine: three words of 24 letters take some 3 × 1,500 look-ups of ~10 µs), so no question blocks the bot for long.
 */
export const MAX_CORRECTED_WORDS = 3;
export const SPELLING_BUDGET_MS = 100;
/** Dictionary words one edit from a misspelled word that are followed into the index. */
const MAX_DICTIONARY_WORDS = 6;

type IndexVocabulary = { list: readonly string[]; terms: ReadonlyMap<string, number> };

/**
 * Spelling correction for one search. A word is misspelled when the guide's index does not hold it, the synonym
 * lexicon does not know it and the Danish dictionary does not either ("uddanelsesparat", "handeplan", "homelss").
 * A word the dictionary knows is never corrected; without the dictionary (not loaded yet, or
 * GUIDE_SPELLING_DICTIONARY=false) the search widens words as termVariants alone does.
 */
export class QuerySpelling {
  private readonly deadline = performance.now() + SPELLING_BUDGET_MS;
  private wordsLeft = MAX_CORRECTED_WORDS;
  private readonly lexiconWords: readonly string[];
  private readonly lexiconStems: ReadonlySet<string>;

  constructor(
    private readonly index: IndexVocabulary,
    lexicon: readonly { word: string }[],
    private readonly dictionary: DanishDictionary | null = danishDictionaryIfReady(),
  ) {
    this.lexiconWords = [...new Set(lexicon.flatMap((synonym) => words(synonym.word)).filter((word) => word.length >= MIN_LETTERS))];
    this.lexiconStems = new Set(this.lexiconWords.map(stem));
  }

  /** The question with each misspelled word that is one or two typing mistakes from a lexicon word written as that word. */
  towardsLexicon(query: string): string {
    if (this.lexiconWords.length === 0) return query;
    return query.replace(/[\p{L}\p{N}]+/gu, (word) => {
      const folded = words(word)[0] ?? word;
      if (!this.dictionary || performance.now() > this.deadline || !this.checkable(stem(folded), folded) || this.dictionary.isWord(folded)) return word;
      return nearestWords(folded, this.lexiconWords)[0] ?? word;
    });
  }

  /**
   * termVariants, plus, for a misspelled word, even one that begins or ends an index word (termVariants alone would
   * settle for "parat" in "uddanelsesparat"): (a) the index's nearest words one or two typing mistakes away and,
   * within the time budget, (b) the dictionary's words one mistake away, followed into the index by their stem.
   * Corrections count as a typo. A word the dictionary knows gets no typo variants at all ("antal" is not "aftale").
   */
  variants(term: string, typed: string): Map<string, VariantKind> {
    const variants = termVariants(term, this.index.list, typed);
    if (!this.dictionary || !this.checkable(term, typed)) return variants;
    if (this.dictionary.isWord(typed)) return new Map([...variants].filter(([, kind]) => kind !== 'typo'));
    if (this.wordsLeft === 0) return variants;
    this.wordsLeft--;
    const corrections = new Set(nearestWords(term, this.index.list));
    for (const word of this.nearDictionaryWords(typed, this.dictionary)) {
      for (const known of termVariants(stem(word), this.index.list, word).keys()) corrections.add(known);
    }
    for (const known of corrections) if (!variants.has(known)) variants.set(known, 'typo');
    return new Map([...variants].sort((a, b) => VARIANT_WEIGHT[b[1]] - VARIANT_WEIGHT[a[1]]));
  }

  /** A word, of a length worth correcting, that neither the index nor the lexicon holds. */
  private checkable(term: string, typed: string): boolean {
    return typed.length >= MIN_LETTERS && typed.length <= MAX_LETTERS && /^\p{L}+$/u.test(typed) && !this.index.terms.has(term) && !this.lexiconStems.has(term);
  }

  private nearDictionaryWords(typed: string, dictionary: DanishDictionary): string[] {
    const found: string[] = [];
    let checked = 0;
    for (const candidate of oneEditAway(typed)) {
      if (checked++ % 64 === 0 && performance.now() > this.deadline) break;
      if (dictionary.isWord(candidate)) found.push(candidate);
      if (found.length === MAX_DICTIONARY_WORDS) break;
    }
    return found;
  }
}
