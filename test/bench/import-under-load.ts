import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { da } from '../../bot/i18n/messages.da.js';
import { spawnBot } from '../support/bot-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { generateSyntheticData, type SyntheticSize } from './generate-synthetic-data.js';
import { buildDist, runImportCommand, type ChildResult } from './import-child.js';
import { startSteadyLoad, summarise, type Outcome, type SampleSummary } from './steady-load.js';

/** A database holding day 1's import, the files it came from, and whom to look up there. */
export type DayOne = { csv: string; database: string; sample: Awaited<ReturnType<typeof generateSyntheticData>> };

const WARM_UP_MS = 3_000;
const IDLE_MS = 20_000;
const REQUEST_TIMEOUT_MS = 120_000;
const LOOKUP_ID = 'bench-lookup-';

/**
 * Lookups at a steady rate against the bot on day 1's database: 20 s idle, then while day 2's full import (every
 * file, a day of changes) runs in its own process, until it exits. Each lookup counts as a card only when the
 * connector received the lookup card in reply; the store's "busy, try again" answer and anything else are counted apart.
 */
export async function runImportUnderLoad(options: { out: (line: string) => void; work: string; size: SyntheticSize; perSecond: number; dayOne?: DayOne }): Promise<void> {
  const { out, work, size, perSecond } = options;
  const dayOne = options.dayOne ?? (await importDayOne(out, work, size));
  out('');
  out('Generating day 2: the same world with a day of changes …');
  const dayTwo = join(work, 'csv-day2');
  await generateSyntheticData(dayTwo, size, { day: 2 });

  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const replies = new Map<string, unknown[]>();
  connector.onRequest((call) => {
    const to = call.body?.replyToId ?? call.activityId;
    if (typeof to === 'string' && to.startsWith(LOOKUP_ID)) replies.set(to, [...(replies.get(to) ?? []), call.body]);
  });
  const bot = await spawnBot({ DATABASE_PATH: dayOne.database, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
  const { sampleCprs, caseworkerAad } = dayOne.sample;
  const from = { aadObjectId: caseworkerAad, name: 'Bench Caseworker' };
  const lookup = async (i: number): Promise<Outcome> => {
    const id = `${LOOKUP_ID}${i}`;
    const activity = { ...teamsMessage({ serviceUrl, from, text: `hvem har ${sampleCprs[i % sampleCprs.length]}?` }), id };
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    const answers = replies.get(id) ?? [];
    replies.delete(id);
    return response.status === 200 ? outcomeOf(answers) : 'error';
  };

  const load = startSteadyLoad(perSecond, lookup);
  await sleep(WARM_UP_MS);
  const idleFrom = performance.now();
  await sleep(IDLE_MS);
  const importFrom = performance.now();
  out('');
  out(`Day 2's full import in its own process (phase lines as they come, seconds since it started), lookups going on:`);
  const since = () => `${((performance.now() - importFrom) / 1000).toFixed(1).padStart(6)} s`;
  const imported = await runImportCommand(dayTwo, dayOne.database, (line) => out(`  [${since()}] ${line}`));
  const importTo = performance.now();
  const samples = await load.stop();
  bot.child.kill('SIGTERM');
  await bot.exited;
  await connector.stop();

  const interval = 1000 / perSecond;
  const idle = summarise(samples.filter((s) => s.dueAt >= idleFrom && s.dueAt < importFrom), interval);
  const during = summarise(samples.filter((s) => s.dueAt >= importFrom && s.dueAt <= importTo), interval);
  printResults(out, { perSecond, idle, during, imported });
}

async function importDayOne(out: (line: string) => void, work: string, size: SyntheticSize): Promise<DayOne> {
  out(`Generating day 1: ${size.citizens.toLocaleString('en')} citizens and ${size.cases.toLocaleString('en')} cases, imported with the compiled import command …`);
  const csv = join(work, 'csv');
  const sample = await generateSyntheticData(csv, size);
  const database = join(work, 'bench.sqlite');
  const indented = (line: string) => out(`  ${line}`);
  await buildDist(indented);
  const imported = await runImportCommand(csv, database, indented);
  if (imported.code !== 0) throw new Error('the day-1 import failed');
  out(`  day 1 imported in ${imported.seconds.toFixed(1)} s, peak memory ${imported.maxRssMb.toFixed(0)} MB`);
  return { csv, database, sample };
}

/** A card when the connector got the lookup card; busy when it got the store's "busy, try again"; else an error. */
function outcomeOf(answers: unknown[]): Outcome {
  const texts = answers.map((answer) => JSON.stringify(answer));
  if (texts.some((text) => text.includes(JSON.stringify(da.lookup.cardTitle)))) return 'card';
  if (answers.some((answer) => (answer as { text?: unknown } | null)?.text === da.common.storeBusy)) return 'busy';
  return 'error';
}

function printResults(out: (line: string) => void, r: { perSecond: number; idle: SampleSummary; during: SampleSummary; imported: ChildResult }): void {
  const ms = (value: number) => value.toFixed(0).padStart(8);
  const row = (label: string, s: SampleSummary) =>
    out(`  ${label.padEnd(16)}${String(s.sent).padStart(6)}${String(s.card).padStart(7)}${String(s.busy).padStart(7)}${String(s.error).padStart(8)}${ms(s.p50Ms)}${ms(s.p99Ms)}${ms(s.maxMs)}${(s.longestWithoutCardMs / 1000).toFixed(1).padStart(10)}`);
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  out('');
  out(`Lookups at a steady ${r.perSecond}/s (open loop; each timed from when it was due, whatever the answer)`);
  out('                    sent   card   busy  errors  p50 ms  p99 ms  max ms  no card s');
  row('idle', r.idle);
  row('during import', r.during);
  out(`  aim: max during the import < 1000 ms             ${verdict(r.during.maxMs < 1000)} (${r.during.maxMs.toFixed(0)} ms)`);
  out(`  aim: p99 during the import ≤ 2 × idle (${(2 * r.idle.p99Ms).toFixed(0)} ms)  ${verdict(r.during.p99Ms <= 2 * r.idle.p99Ms)} (${r.during.p99Ms.toFixed(0)} ms)`);
  out(`  aim: every lookup during the import gets its card ${verdict(r.during.card === r.during.sent)} (${r.during.sent - r.during.card} did not)`);
  out(`Day 2's import (compiled import command, every file)${r.imported.code === 0 ? '' : ` FAILED with exit code ${r.imported.code}`}`);
  out(`  time            ${r.imported.seconds.toFixed(1)} s`);
  out(`  peak memory     ${r.imported.maxRssMb.toFixed(0)} MB`);
}
