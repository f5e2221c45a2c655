import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchGuide } from '../../../bot/guide/search-guide.js';
import { slotScore, SYNONYM_WEIGHT } from '../../../bot/guide/synonyms.js';
import type { Store } from '../../../data/store/store.js';
import { at, csvFolder, removeTempFolders } from '../../data/import-fixtures.js';
import { GUIDE_WORLD_CSV } from '../../support/guide-world.js';
import { worldStore } from '../../support/world.js';

const HEADER = 'word,means,valid_from,valid_to\n';
const LEXICON =
  HEADER +
  'hash,misbrug|stofmisbrug,2025-01-01,\n' +
  'sover på gaden,hjemløs,2025-01-01,\n' +
  'drugs,stofmisbrug,2025-01-01,\n' +
  'jc,callcenter,2025-01-01,\n' +
  'pot,psykisk sårbar,2025-01-01,\n' +
  'kth,enkeltydelser,2026-01-01,\n';
const GUIDE_CSV = GUIDE_WORLD_CSV['guide.csv'].replace(/\n$/, '\n') + 'hjemloes,Hjemløshed og bolig,"Herberger og bostøtte for hjemløse borgere.",hjemløs|herberg,,,2009-01-01,\n';

describe('the synonym lexicon in search', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore({ ...GUIDE_WORLD_CSV, 'guide.csv': GUIDE_CSV, 'guide_synonyms.csv': LEXICON });
  });
  afterAll(removeTempFolders);
  const top = async (query: string, asOf = '2025-06-02') => (await searchGuide(store, query, asOf, 5)).map((hit) => hit.entry.id);

  it('finds the entry a lexicon word means, though the entry never uses the word', async () => {
    expect((await top('borger ryger hash'))[0]).toBe('rusmiddel');
    expect(await top('jc')).toEqual(['hotline']);
  });

  it('reads a phrase of consecutive words, stopwords included, and not its words on their own', async () => {
    expect((await top('borger sover på gaden'))[0]).toBe('hjemloes');
    expect(await top('gaden')).toEqual([]);
  });

  it('folds and stems lexicon words like the query: DRUGS, Drugs and drugs meet', async () => {
    for (const query of ['DRUGS', 'Drugs', 'drugs']) expect((await top(query))[0], query).toBe('rusmiddel');
  });

  it('counts a word’s meaning a bit under the word itself', async () => {
    expect(SYNONYM_WEIGHT).toBeGreaterThan(0.5);
    expect(SYNONYM_WEIGHT).toBeLessThan(1);
    const [exact] = await searchGuide(store, 'stofmisbrug', '2025-06-02', 1);
    const [meant] = await searchGuide(store, 'drugs', '2025-06-02', 1);
    expect(meant!.entry.id).toBe(exact!.entry.id);
    expect(meant!.score).toBeCloseTo(exact!.score * SYNONYM_WEIGHT, 6);
  });

  it('counts a meaning of several words in full only for an entry holding all of them', () => {
    const found = (term: string) => (term === 'sygdom' ? 4 : 0);
    const slot = [[new Map([['alkohol', 1]])], [new Map([['psykisk', 0.9]]), new Map([['sygdom', 0.9]])]];
    expect(slotScore(slot, (variants) => Math.max(0, ...[...variants.keys()].map(found)))).toBe(2);
  });

  it('uses only the rows in force on the date searched', async () => {
    expect(await top('kth', '2025-06-02')).toEqual([]);
    expect((await top('kth', '2026-02-01'))[0]).toBe('yds-enkeltydelser');
  });
});

describe('changing the lexicon', () => {
  afterAll(removeTempFolders);

  it('stops widening a search once the file no longer lists the word, and a dated search before that still uses it', async () => {
    const store = await worldStore({ ...GUIDE_WORLD_CSV, 'guide_synonyms.csv': LEXICON });
    expect((await searchGuide(store, 'hash', '2025-06-02', 5))[0]?.entry.id).toBe('rusmiddel');

    const without = LEXICON.split('\n').filter((line) => !line.startsWith('hash,')).join('\n');
    const report = await store.importFolder(csvFolder({ 'guide_synonyms.csv': without }), { now: at('2025-09-01') });
    expect(report.ok).toBe(true);
    expect(await searchGuide(store, 'hash', '2025-09-01', 5)).toEqual([]);
    expect((await searchGuide(store, 'hash', '2025-08-31', 5))[0]?.entry.id).toBe('rusmiddel');
    expect((await searchGuide(store, 'drugs', '2025-09-01', 5))[0]?.entry.id).toBe('rusmiddel');
  });
});
