/**
 * Folds Danish text to search terms, so that "Handleplanerne", "handleplan" and "HANDLEPLANER" meet:
 * lower case; the two-letter spellings ae/oe/aa (and ä/ö) become æ/ø/å, which are kept as letters of their own;
 * other diacritics go (é → e); common inflection endings are cut (a light stemmer after the Snowball Danish
 * rules: the guide's texts are short and a wrong cut costs little because search also matches prefixes).
 * The same function runs over the indexed text and over the query.
 */

const SPELLINGS: readonly [RegExp, string][] = [
  [/ae|ä/g, 'æ'],
  [/oe|ö/g, 'ø'],
  [/aa/g, 'å'],
];

/** Longest first. A cut must leave at least MIN_STEM letters. */
const ENDINGS = ['hedernes', 'hedens', 'heder', 'heden', 'ernes', 'erens', 'endes', 'erne', 'ende', 'ene', 'ens', 'ers', 'ets', 'er', 'en', 'es', 'et', 'e', 's'];
const MIN_STEM = 4;

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

/** Letters after which a final s is an ending (Snowball Danish); "hjemløs" keeps its s. */
const S_ENDING_AFTER = /[abcdfghjklmnoprtvyzå]s$/;

/** One word's stem: "handleplanerne" → "handleplan", "hjemløse" → "hjemløs", "misbrugeren" → "misbrug". Input must be folded. */
export function stem(word: string): string {
  let stemmed = word;
  for (const ending of ENDINGS) {
    if (stemmed.length - ending.length < MIN_STEM || !stemmed.endsWith(ending)) continue;
    if (ending === 's' && !S_ENDING_AFTER.test(stemmed)) continue;
    stemmed = stemmed.slice(0, -ending.length);
    break;
  }
  // Agent nouns ("misbruger", "behandler") meet their verb stem; a second "er" is cut once more.
  if (stemmed !== word && stemmed.endsWith('er') && stemmed.length - 2 >= MIN_STEM) stemmed = stemmed.slice(0, -2);
  return stemmed;
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
