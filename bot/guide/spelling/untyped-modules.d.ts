/** Types for the two packages the guide's spelling and stemming use that ship none (only what is called here). */

declare module 'snowball-stemmers' {
  const snowball: { newStemmer(language: 'danish'): { stem(word: string): string } };
  export default snowball;
}

declare module 'nspell' {
  type Dictionary = { aff: Uint8Array; dic: Uint8Array };
  /** A Hunspell reader: `correct` says whether a word is spelled right (affix rules and compounds included). */
  type Speller = { correct(word: string): boolean };
  const nspell: (dictionary: Dictionary) => Speller;
  export default nspell;
}
