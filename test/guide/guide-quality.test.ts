import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data/store/store.js';
import { demoGuideStore, evaluate, expectedIds, loadQuerySet, QUERY_SET_DAY, type GuideQuery } from './guide-quality.js';

describe('the guide’s real content and its query set', () => {
  let store: Store;
  let queries: GuideQuery[];
  beforeAll(async () => {
    store = await demoGuideStore();
    queries = loadQuerySet();
  });

  it('imports through the real importer, with entries on every topic the issue names', async () => {
    const titles = (await store.guide.inForce(QUERY_SET_DAY)).map((entry) => `${entry.title} ${entry.keywords.join(' ')}`.toLowerCase()).join('\n');
    for (const topic of ['step up', 'fremskudt', 'udsatte', 'ips', 'reconnect', 'kui', 'grønland', 'handicap', 'hotline', 'grøn linie', 'handleplan', 'procesnotat', 'match']) {
      expect(titles, topic).toContain(topic);
    }
  });

  it('has at least 40 queries of every kind, each expecting an entry in force on its date', async () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(queries.map((query) => query.kind))).toEqual(new Set(['plain', 'misspelling', 'inflection', 'synonym', 'ascii', 'dated']));
    for (const query of queries) {
      for (const id of expectedIds(query)) expect(await store.guide.findById(id, query.asOf ?? QUERY_SET_DAY), query.query).not.toBeNull();
    }
  });

  it('keeps MRR@5 at or above 0.85 (npm run guide:quality lists the misses)', async () => {
    const { mrr, recall } = await evaluate(store, queries);
    expect(mrr).toBeGreaterThanOrEqual(0.85);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('answers "enkeltydelser" with ESY in SOF as of 2024 and YDS in BIF as of 2025', async () => {
    const dated = await evaluate(store, [
      { query: 'enkeltydelser', expect: 'esy-enkeltydelser', asOf: '2024-06-01', kind: 'dated' },
      { query: 'enkeltydelser', expect: 'yds-enkeltydelser', asOf: '2025-03-01', kind: 'dated' },
    ]);
    expect(dated.outcomes.map((outcome) => outcome.rank)).toEqual([1, 1]);
    expect(dated.outcomes[0]!.top).not.toContain('yds-enkeltydelser');
    expect(dated.outcomes[1]!.top).not.toContain('esy-enkeltydelser');
  });
});
