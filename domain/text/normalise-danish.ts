import snowball from 'snowball-stemmers';

/**
 * Folds Danish text to search terms, so that "Handleplanerne", "handleplan" and "HANDLEPLANER" meet:
 * lower case; the two-letter spellings ae/oe/aa (and ä/ö) become æ/ø/å, which are kept as letters of their own;
 * other diacritics go (é → e); inflection endings are cut by the Snowball Danish stemmer (`snowball-stemmers`),
 * which measured slightly better on both query sets than the hand-written stemmer it replaced (README, Vejviser).
 * The same function runs over the indexed text and over the query.
 */

const SPELLINGS: readonly [RegExp, string][] = [
  [/ae|ä/g, 'æ'],
  [/oe|ö/g, 'ø'],
  [/aa/g, 'å'],
];

/** Words too common to say anything about what is asked. */
const STOPWORDS = new Set(
  [
    'af', 'alle', 'at', 'bliver', 'blev', 'da', 'de', 'den', 'der', 'det', 'dem', 'du', 'efter', 'eller', 'en', 'er', 'et',
    'for', 'fra', 'får', 'få', 'går', 'gør', 'har', 'have', 'hende', 'ham', 'han', 'hun', 'hvad', 'hvem', 'hvis', 'hvor',
    'hvordan', 'hvilken', 'hvilke', 'hvornår', 'i', 'ikke', 'ind', 'jeg', 'kan', 'man', 'med', 'mig', 'min', 'mit', 'nu', 'når',
    'og', 'om', 'op', 'os', 'på', 'sig', 'skal', 'som', 'til', 'ud', 'under', 'ved', 'vi', 'vil', 'være', 'noget',
    'nogen', 'sin', 'sit', 'sine', 'mere', 'meget', 'the', 'a', 'an', 'of', 'to', 'in', 'and', 'is', 'who', 'what', 'how', 'where',
  ].map(foldLetters),
);

/** Case and spelling only: "Groen Linie" and "GRØN LINIE" → "grøn linie". */
export function foldLetters(text: string): string {
  let folded = text.toLowerCase().normalize('NFC');
  for (const [pattern, replacement] of SPELLINGS) folded = folded.replace(pattern, replacement);
  return folded.replace(/[^a-zæøå0-9\s]/g, (char) => char.normalize('NFKD').replace(/\p{M}/gu, ''));
}

const danish = snowball.newStemmer('danish');

/** One word's stem: "handleplanerne" → "handleplan", "hjemløse" → "hjemløs", "misbrugeren" → "misbrug". Input must be folded. */
export function stem(word: string): string {
  return danish.stem(word);
}

/** Folded words of a text, in order (letters and digits; everything else separates). */
export function words(text: string): string[] {
  return foldLetters(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The terms a text is indexed under: every word, folded and stemmed (stopwords kept: they cost nothing here). */
export function indexTerms(text: string): string {
  return words(text).map(stem).join(' ');
}

/** The terms a query asks for: folded, stemmed, without stopwords, each once. */
export function queryTerms(text: string): string[] {
  return queryTermsAsTyped(text).map(({ term }) => term);
}

/** The query's terms with the word each was typed as (the first, if several words share a stem). */
export function queryTermsAsTyped(text: string): { term: string; typed: string }[] {
  const byTerm = new Map<string, string>();
  for (const word of words(text)) {
    if (STOPWORDS.has(word)) continue;
    const term = stem(word);
    if (!byTerm.has(term)) byTerm.set(term, word);
  }
  return [...byTerm].map(([term, typed]) => ({ term, typed }));
}
