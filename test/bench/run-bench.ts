import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeConnector } from '../support/fake-connector.js';
import { spawnBot } from '../support/bot-process.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { generateSyntheticData } from './generate-synthetic-data.js';
import { runLoad, type LoadResult } from './load.js';
import { startEcho } from './echo-process.js';
import { runAlertBenchmarks } from './alerts-bench.js';
import { runAnnouncementBenchmark } from './announcement-bench.js';
import { runHotlineAndGuideBenchmarks } from './hotline-guide-bench.js';
import { runInstancesBenchmarks } from './instances-bench.js';
import { buildDist, nodeAloneMb, runImportCommand } from './import-child.js';
import { runImportUnderLoad, type DayOne } from './import-under-load.js';

/**
 * npm run bench [-- --citizens N --cases N --seconds S --concurrency C --rate R]
 * 1. Import: 1,000,000 citizens and 2,000,000 cases through the real import command: time and peak memory.
 * 2. Lookups through POST /api/messages on that database, side by side with a bare echo bot on the same stack.
 * 3. Lookups at a steady rate (R per second) idle, then while the next day's full import runs (import-under-load.ts).
 */
const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '1000000' },
    cases: { type: 'string', default: '2000000' },
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
/**
 * `--only lookups|import-load|alerts|hotline|announcements|instances` runs just that part (hotline = the route API and
 * guide search; instances = lookups on SQLite and PostgreSQL, and delivery with one and two processes on PostgreSQL).
 */
const only = values.only;
const size = { citizens: Number(values.citizens), cases: Number(values.cases) };
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const out = (line: string) => process.stdout.write(`${line}\n`);

const work = mkdtempSync(join(tmpdir(), 'brobygger-bench-'));
try {
  out(`Brobygger benchmark — ${new Date().toISOString()} — Node ${process.version}`);
  const dayOne = !only || only === 'lookups' ? await importAndLookups() : undefined;
  if (!only || only === 'import-load') await runImportUnderLoad({ out, work, size, perSecond: Number(values.rate), ...(dayOne ? { dayOne } : {}) });
  if (!only || only === 'alerts') await runAlertBenchmarks({ out, work, seconds: Math.min(seconds, 10), concurrency });
  if (!only || only === 'hotline') await runHotlineAndGuideBenchmarks({ out, work, seconds: Math.min(seconds, 10), concurrency });
  if (!only || only === 'announcements') await runAnnouncementBenchmark({ out, work });
  if (!only || only === 'instances') await runInstancesBenchmarks({ out, work, seconds: Math.min(seconds, 10), concurrency });
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function importAndLookups(): Promise<DayOne> {
  out(`Generating ${size.citizens.toLocaleString('en')} citizens and ${size.cases.toLocaleString('en')} cases …`);
  const csv = join(work, 'csv');
  const sample = await generateSyntheticData(csv, size);
  const database = join(work, 'bench.sqlite');

  const indented = (line: string) => out(`  ${line}`);
  await buildDist(indented);
  const nodeAlone = await nodeAloneMb();
  const imported = await runImportCommand(csv, database, indented);
  if (imported.code !== 0) throw new Error('import failed');
  out('');
  out('Import (the real import command from dist/, one transaction)');
  out(`  time            ${imported.seconds.toFixed(1)} s        (aim ≤ 60 s)`);
  out(`  peak memory     ${imported.maxRssMb.toFixed(0)} MB       (aim ≤ 300 MB; node alone: ${nodeAlone.toFixed(0)} MB)`);

  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const user = { aadObjectId: sample.caseworkerAad, name: 'Bench Caseworker' };
  const lookup = (i: number) => teamsMessage({ serviceUrl, from: user, text: `hvem har ${sample.sampleCprs[i % sample.sampleCprs.length]}?` });
  const echo = (i: number) => teamsMessage({ serviceUrl, from: user, text: `echo ${i}` });

  const echoProcess = await startEcho();
  const bot = await spawnBot({ DATABASE_PATH: database, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
  const load = (url: string, body: (i: number) => unknown) => runLoad({ url, body, concurrency, durationMs: seconds * 1000, warmupMs: 2000 });
  // Interleave to share the machine's noise: echo, lookup, echo, lookup; report the better run of each.
  const echoRuns: LoadResult[] = [];
  const lookupRuns: LoadResult[] = [];
  for (let round = 0; round < 2; round++) {
    echoRuns.push(await load(echoProcess.url, echo));
    lookupRuns.push(await load(bot.url, lookup));
  }
  const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const e = best(echoRuns);
  const l = best(lookupRuns);
  const cards = connector.calls.filter((call) => JSON.stringify(call.body).includes('Hvem har borgeren?')).length;
  out('');
  out(`Turns through POST /api/messages (${concurrency} concurrent senders, ${seconds} s per run after 2 s warm-up, best of 2)`);
  out('                  turns/s     p50 ms    p99 ms    errors');
  out(`  echo bot        ${e.perSecond.toFixed(0).padStart(7)}   ${e.p50Ms.toFixed(1).padStart(8)}  ${e.p99Ms.toFixed(1).padStart(8)}   ${e.errors}`);
  out(`  lookup          ${l.perSecond.toFixed(0).padStart(7)}   ${l.p50Ms.toFixed(1).padStart(8)}  ${l.p99Ms.toFixed(1).padStart(8)}   ${l.errors}`);
  out(`  ratio           ${(l.perSecond / e.perSecond).toFixed(2)}        (aim ≥ 0.8; each lookup = need-to-know check + 6 queries + 1 audit row fsynced + a card)`);
  out(`  lookup cards received by the connector: ${cards}`);

  echoProcess.child.kill('SIGTERM');
  bot.child.kill('SIGTERM');
  await bot.exited;
  await connector.stop();
  return { csv, database, sample };
}
