import { CUTOFF, demoGuideStore, evaluate, loadQuerySet } from './guide-quality.js';

/** `npm run guide:quality`: MRR@5 and recall@5 of the guide search over the query set, with every miss listed. */
const store = await demoGuideStore();
const queries = loadQuerySet();
const { outcomes, mrr, recall } = evaluate(store, queries);
const byKind = new Map<string, { count: number; reciprocal: number }>();
for (const outcome of outcomes) {
  const entry = byKind.get(outcome.kind) ?? { count: 0, reciprocal: 0 };
  entry.count++;
  entry.reciprocal += outcome.rank ? 1 / outcome.rank : 0;
  byKind.set(outcome.kind, entry);
}
console.log(`Guide search quality: ${queries.length} queries, ${store.guide.inForce('2026-11-23').length} entries in force today`);
console.log(`MRR@${CUTOFF}     ${mrr.toFixed(3)}   (aim ≥ 0.85)`);
console.log(`recall@${CUTOFF}  ${recall.toFixed(3)}`);
for (const [kind, { count, reciprocal }] of byKind) console.log(`  ${kind.padEnd(12)} ${String(count).padStart(3)} queries, MRR ${(reciprocal / count).toFixed(3)}`);
const misses = outcomes.filter((outcome) => outcome.rank !== 1);
if (misses.length > 0) {
  console.log('\nNot first:');
  for (const miss of misses) console.log(`  ${miss.rank ?? '–'}  "${miss.query}"${miss.asOf ? ` (${miss.asOf})` : ''} → ${miss.expect}; got ${miss.top.join(', ') || 'nothing'}`);
}
store.close();
