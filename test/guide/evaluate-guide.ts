import { warmDanishDictionary } from '../../bot/guide/spelling/danish-dictionary.js';
import { closeWorlds } from '../support/opened-worlds.js';
import { CUTOFF, demoGuideStore, evaluate, expectedIds, loadQuerySet, QUERY_SET_DAY, QUERY_SETS, type QuerySetName } from './guide-quality.js';

/**
 * `npm run guide:quality`: MRR@5 and recall@5 of the guide search over every query set, with every miss listed.
 * `npm run guide:quality -- --set hard` (or `first`, `holdout`) runs one of them. With the Danish dictionary, as
 * the bot runs; `GUIDE_SPELLING_DICTIONARY=false npm run guide:quality` measures without it.
 */
const AIMS: Record<QuerySetName, number> = { first: 0.95, hard: 0.9, holdout: 0.9 };

const setArgument = process.argv.indexOf('--set');
const chosen = setArgument === -1 ? undefined : process.argv[setArgument + 1];
if (chosen !== undefined && !(chosen in QUERY_SETS)) {
  console.error(`--set takes one of: ${Object.keys(QUERY_SETS).join(', ')}`);
  process.exit(2);
}
const names = chosen ? [chosen as QuerySetName] : (Object.keys(QUERY_SETS) as QuerySetName[]);

const store = await demoGuideStore();
const dictionary = process.env.GUIDE_SPELLING_DICTIONARY !== 'false';
if (dictionary) await warmDanishDictionary();
console.log(`Guide search quality, ${(await store.guide.inForce(QUERY_SET_DAY)).length} entries in force on ${QUERY_SET_DAY}, spelling ${dictionary ? 'with' : 'without'} the Danish dictionary`);
for (const name of names) await report(name);
await store.close();
// On PostgreSQL (TEST_STORE_ENGINE=postgres with TEST_DATABASE_URL) the store is on a database of its own: dropped here.
await closeWorlds();

async function report(name: QuerySetName): Promise<void> {
  const queries = loadQuerySet(name);
  const { outcomes, mrr, recall } = await evaluate(store, queries);
  console.log(`\n== ${name} set (test/guide/${QUERY_SETS[name]}): ${queries.length} queries`);
  console.log(`MRR@${CUTOFF}     ${mrr.toFixed(3)}   (aim ≥ ${AIMS[name]})`);
  console.log(`recall@${CUTOFF}  ${recall.toFixed(3)}`);
  const byKind = new Map<string, { count: number; reciprocal: number }>();
  for (const outcome of outcomes) {
    const entry = byKind.get(outcome.kind) ?? { count: 0, reciprocal: 0 };
    entry.count++;
    entry.reciprocal += outcome.rank ? 1 / outcome.rank : 0;
    byKind.set(outcome.kind, entry);
  }
  for (const [kind, { count, reciprocal }] of byKind) console.log(`  ${kind.padEnd(12)} ${String(count).padStart(3)} queries, MRR ${(reciprocal / count).toFixed(3)}`);
  const misses = outcomes.filter((outcome) => outcome.rank !== 1);
  if (misses.length === 0) return;
  console.log(`\nNot first (${misses.length}; rank, or – when not in the top ${CUTOFF}):`);
  for (const miss of misses) {
    const date = miss.asOf ? ` (${miss.asOf})` : '';
    console.log(`  ${miss.rank ?? '–'}  "${miss.query}"${date} → ${expectedIds(miss).join(' | ')}; got ${miss.top.join(', ') || 'nothing'}`);
  }
}
