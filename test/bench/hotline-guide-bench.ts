import { join } from 'node:path';
import { searchGuide } from '../../bot/guide/search-guide.js';
import { warmDanishDictionary } from '../../bot/guide/spelling/danish-dictionary.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { importFolder } from '../../data/import/import-folder.js';
import { openDatabase } from '../../data/store/open-database.js';
import type { Store } from '../../data/store/store.js';
import { spawnBot } from '../support/bot-process.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { demoGuideStore, loadQuerySet, QUERY_SET_DAY, type GuideQuery } from '../guide/guide-quality.js';
import { startBare } from './alerts-bench.js';
import { runLoad, type LoadResult } from './load.js';

const KEY = 'bench-hotline-key-000000000000000000';

/** Callers from the demo organisation: SOF staff, BIF staff, an explicit entry and unknown numbers; topics rotate. */
const CALLERS = ['33006001', '+45 33 00 60 02', '0045 33006101', '33005001', '33006990', '99887766', '33 00 62 01'];
const TOPICS = ['', 'kontanthjælp', 'sygedagpenge', 'ressourceforløb', 'ydelsesstop'];

export async function runHotlineAndGuideBenchmarks(options: { out: (line: string) => void; work: string; seconds: number; concurrency: number }): Promise<void> {
  const { out } = options;
  const database = join(options.work, 'hotline.sqlite');
  const db = openDatabase(database);
  const report = await importFolder(db, projectFile('data', 'demo'), { now: new Date() });
  db.close();
  if (!report.ok) throw new Error('demo import failed');

  const bare = await startBare();
  // Open around the clock, so the run measures agent choice whatever the time of day (holidays still close it).
  const bot = await spawnBot({ DATABASE_PATH: database, HOTLINE_API_KEYS: KEY, HOTLINE_OPENING_HOURS: 'Mon-Sun 00:00-24:00', ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
  const path = (i: number) => `/api/hotline/route?${new URLSearchParams({ caller: CALLERS[i % CALLERS.length]!, ...(TOPICS[i % TOPICS.length] ? { topic: TOPICS[i % TOPICS.length]! } : {}) })}`;
  const load = (url: string) =>
    runLoad({ url, method: 'GET', path, body: () => null, headers: () => ({ authorization: `Bearer ${KEY}` }), concurrency: options.concurrency, durationMs: options.seconds * 1000, warmupMs: 2000 });
  const bareRuns: LoadResult[] = [];
  const routeRuns: LoadResult[] = [];
  for (let round = 0; round < 2; round++) {
    bareRuns.push(await load(bare.url));
    routeRuns.push(await load(bot.url));
  }
  const sample = await (await fetch(`${bot.url}${path(0)}`, { headers: { authorization: `Bearer ${KEY}` } })).json();
  bare.child.kill('SIGTERM');
  bot.child.kill('SIGTERM');
  await bot.exited;
  const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const b = best(bareRuns);
  const r = best(routeRuns);
  out('');
  out(`Hotline route API, GET /api/hotline/route (${options.concurrency} concurrent callers, ${options.seconds} s per run after 2 s warm-up, best of 2)`);
  out('                    calls/s     p50 ms    p99 ms    errors');
  out(`  bare restify GET  ${b.perSecond.toFixed(0).padStart(8)}  ${b.p50Ms.toFixed(1).padStart(8)}  ${b.p99Ms.toFixed(1).padStart(8)}   ${b.errors}`);
  out(`  Brobygger         ${r.perSecond.toFixed(0).padStart(8)}  ${r.p50Ms.toFixed(1).padStart(8)}  ${r.p99Ms.toFixed(1).padStart(8)}   ${r.errors}`);
  out(`  ratio             ${(r.perSecond / b.perSecond).toFixed(2)}        (each call: key check, zod, whitelist, agent ranking, routing row committed)`);
  out(`  sample answer: ${JSON.stringify(sample)}`);

  // Guide search in-process over the real content: every query of the first and the hard set, many times over,
  // without and then with the Danish dictionary (loaded here as the bot loads it at start, and what that costs).
  const store = await demoGuideStore();
  const queries = [...loadQuerySet('first'), ...loadQuerySet('hard')];
  const rounds = 20;
  out('');
  out(`Guide search (searchGuide, in-process, ${(await store.guide.inForce(QUERY_SET_DAY)).length} entries, first + hard set: ${queries.length} queries × ${rounds})`);
  out(`  without the dictionary  ${await guideLatencies(store, queries, rounds)}`);
  const memoryBefore = process.memoryUsage();
  const loadBegan = performance.now();
  await warmDanishDictionary();
  const memoryAfter = process.memoryUsage();
  const megabytes = (bytes: number) => (bytes / 1e6).toFixed(0);
  out(`  dictionary load         ${(performance.now() - loadBegan).toFixed(0)} ms; heap ${megabytes(memoryBefore.heapUsed)} → ${megabytes(memoryAfter.heapUsed)} MB, RSS ${megabytes(memoryBefore.rss)} → ${megabytes(memoryAfter.rss)} MB`);
  out(`  with the dictionary     ${await guideLatencies(store, queries, rounds)}`);
  await store.close();
}

async function guideLatencies(store: Store, queries: readonly GuideQuery[], rounds: number): Promise<string> {
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const began = performance.now();
      await searchGuide(store, query.query, query.asOf ?? QUERY_SET_DAY, 5);
      latencies.push(performance.now() - began);
    }
  }
  latencies.sort((x, y) => x - y);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]!;
  const perSecond = latencies.length / (latencies.reduce((sum, value) => sum + value, 0) / 1000);
  return `p50 ${at(0.5).toFixed(2)} ms   p99 ${at(0.99).toFixed(2)} ms   max ${latencies.at(-1)!.toFixed(2)} ms   (${perSecond.toFixed(0)} searches/s on one core)`;
}
