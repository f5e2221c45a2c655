import { beforeAll, describe, expect, it } from 'vitest';
import { searchGuide } from '../../../bot/guide/search-guide.js';
import type { Store } from '../../../data/store/store.js';
import { GUIDE_WORLD_CSV } from '../../support/guide-world.js';
import { worldStore } from '../../support/world.js';

const TODAY = '2025-06-02';

describe('searching the guide', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(GUIDE_WORLD_CSV);
  });
  const top = async (query: string, asOf = TODAY) => (await searchGuide(store, query, asOf, 5)).map((hit) => hit.entry.id);

  it.each([
    ['misbrug', 'rusmiddel', 'a keyword'],
    ['Stofmisbrugeren', 'rusmiddel', 'an inflected compound'],
    ['handleplanerne', 'handleplan', 'a plural with article'],
    ['handlepl', 'handleplan', 'a prefix'],
    ['hnadleplan', 'handleplan', 'swapped letters'],
    ['reconect', 'reconnect', 'a missing letter'],
    ['groen linie', 'groen-linie', 'ø spelled oe'],
    ['GRØN LINIE', 'groen-linie', 'capitals'],
    ['gron linje', 'groen-linie', 'ø without its stroke and a variant spelling'],
    ['hvem tager telefonen i callcentret', 'hotline', 'a question'],
    ['procesnotat', 'handleplan', 'a word in the body and keywords'],
  ])('"%s" finds %s first (%s)', async (query, expected) => {
    expect((await top(query))[0]).toBe(expected);
  });

  it('ranks a keyword hit above a body-only hit', async () => {
    // "behandling" is a keyword of rusmiddel and only in the body of the ESY entry ("behandler" stems differently).
    const hits = await searchGuide(store, 'alkohol behandling', TODAY, 5);
    expect(hits[0]!.entry.id).toBe('rusmiddel');
    expect(hits.every((hit, index) => index === 0 || hit.score <= hits[index - 1]!.score)).toBe(true);
  });

  it('answers by validity: enkeltydelser is ESY in SOF in 2024 and YDS in BIF from 2025', async () => {
    expect(await top('enkeltydelser', '2024-06-01')).toEqual(['esy-enkeltydelser']);
    expect(await top('enkeltydelser', '2025-03-01')).toEqual(['yds-enkeltydelser']);
    expect(await top('enkeltydelser', '2024-12-31')).toEqual(['esy-enkeltydelser']);
    expect(await top('enkeltydelser', '2025-01-01')).toEqual(['yds-enkeltydelser']);
  });

  it('does not show an entry before it starts (Rusmiddelbehandling from 2025)', async () => {
    expect(await top('misbrug', '2024-06-01')).toEqual([]);
  });

  it('finds nothing for nonsense, stopwords only, or an empty query', async () => {
    expect(await top('qwxzy')).toEqual([]);
    expect(await top('hvem er det')).toEqual([]);
    expect(await top('')).toEqual([]);
    expect(await top('"*) OR NEAR(')).toEqual([]);
  });

  it('does not let FTS5 query syntax through: quotes, operators and column filters are just words', async () => {
    expect((await top('hotline" OR "misbrug'))[0]).toBeDefined();
    expect((await top('title:hotline'))[0]).toBe('hotline');
  });
});
