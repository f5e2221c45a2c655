import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importFolder } from '../../data/import/import-folder.js';
import { openDatabase } from '../../data/store/open-database.js';
import { projectRoot } from '../../bot/paths/project-root.js';
import { signWebhook } from '../../bot/events/webhook-signature.js';
import { spawnBot } from '../support/bot-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { manyChannelsCsv, rememberChannels, syntheticCpr } from '../support/many-channels-world.js';
import { benefitStopped, WEBHOOK_SECRET, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { writeCsvFolder } from '../support/world.js';
import { runLoad, type LoadResult } from './load.js';

const CHANNELS = 100;
const ALERTS = 2000;
const TENANT_PER_SECOND = 50;

async function database(path: string, files: Record<string, string>): Promise<void> {
  const db = openDatabase(path);
  const report = await importFolder(db, writeCsvFolder(files), { now: new Date() });
  db.close();
  if (!report.ok) throw new Error('bench world import failed');
}

/**
 * 1. Signed event ingest over loopback (many concurrent senders) against a bare restify route answering 202.
 * 2. 2,000 alerts across 100 channels through a fake connector that enforces Teams' limits with 429s.
 */
export async function runAlertBenchmarks(options: { out: (line: string) => void; work: string; seconds: number; concurrency: number }): Promise<void> {
  const { out, work } = options;

  // Ingest: events about citizens who are not shared citizens, with dropping on, so the run measures intake
  // (signature, parsing, validation, routing decision, commit) rather than delivery.
  const ingestDb = join(work, 'ingest.sqlite');
  await database(ingestDb, manyChannelsCsv(CHANNELS, 5000));
  const bare = await startBare();
  const bot = await spawnBot({ DATABASE_PATH: ingestDb, EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ALERT_DROP_NON_SHARED: 'true', ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
  const run = Date.now();
  const event = (i: number) => benefitStopped(syntheticCpr(i % 5000), { note: `bench ${i}` });
  const signed = (i: number, body: string) => {
    const id = `msg_${run}_${i}`;
    const timestamp = Math.floor(Date.now() / 1000);
    return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(WEBHOOK_SECRET, id, timestamp, body) };
  };
  const load = (url: string) =>
    runLoad({ url, path: '/api/events', body: event, headers: signed, expectStatus: 202, concurrency: options.concurrency, durationMs: options.seconds * 1000, warmupMs: 2000 });
  const bareRuns: LoadResult[] = [];
  const ingestRuns: LoadResult[] = [];
  for (let round = 0; round < 2; round++) {
    bareRuns.push(await load(bare.url));
    ingestRuns.push(await load(bot.url));
  }
  bare.child.kill('SIGTERM');
  bot.child.kill('SIGTERM');
  await bot.exited;
  const stored = new Database(ingestDb, { readonly: true }).prepare('SELECT count(*) FROM events').pluck().get() as number;
  const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const b = best(bareRuns);
  const i = best(ingestRuns);
  out('');
  out(`Signed event ingest, POST /api/events (${options.concurrency} concurrent senders, ${options.seconds} s per run after 2 s warm-up, best of 2)`);
  out('                    events/s    p50 ms    p99 ms    errors');
  out(`  bare restify 202  ${b.perSecond.toFixed(0).padStart(8)}  ${b.p50Ms.toFixed(1).padStart(8)}  ${b.p99Ms.toFixed(1).padStart(8)}   ${b.errors}`);
  out(`  Brobygger         ${i.perSecond.toFixed(0).padStart(8)}  ${i.p50Ms.toFixed(1).padStart(8)}  ${i.p99Ms.toFixed(1).padStart(8)}   ${i.errors}`);
  out(`  ratio             ${(i.perSecond / b.perSecond).toFixed(2)}        (aim ≥ 0.6; each event: HMAC check, zod, 3 inserts + audit, committed and fsynced before the 202)`);
  out(`  events stored: ${stored}`);

  // Delivery: 2,000 alerts, 20 per channel across 100 channels, through a connector that enforces the limits.
  const deliveryDb = join(work, 'delivery.sqlite');
  await database(deliveryDb, manyChannelsCsv(CHANNELS, ALERTS));
  const connector = new FakeConnector({ enforceTeamsLimits: true });
  await connector.start();
  await rememberChannels(deliveryDb, connector.url, CHANNELS);
  const deliverer = await spawnBot({ DATABASE_PATH: deliveryDb, EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
  const started = performance.now();
  for (let start = 0; start < ALERTS; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, ALERTS - start) }, async (_, k) => {
        const n = start + k;
        const body = JSON.stringify(benefitStopped(syntheticCpr(n), { note: `delivery ${n}` }));
        const response = await fetch(`${deliverer.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(100_000 + n, body) }, body });
        if (response.status !== 202) throw new Error(`event ${n}: ${response.status}`);
      }),
    );
  }
  const accepted = performance.now();
  await connector.waitFor((calls) => calls.filter((call) => call.operation === 'send').length >= ALERTS, 300_000);
  const finished = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const posts = new Map<string, number>();
  for (const call of connector.calls.filter((c) => c.operation === 'send')) {
    const id = /"alertId":(\d+)/.exec(JSON.stringify(call.body))?.[1] ?? '?';
    posts.set(id, (posts.get(id) ?? 0) + 1);
  }
  deliverer.child.kill('SIGTERM');
  await deliverer.exited;
  await connector.stop();
  const seconds = (finished - started) / 1000;
  const sends = connector.calls.filter((c) => c.operation === 'send').map((c) => c.at);
  const perSecond = new Map<number, number>();
  for (const at of sends) perSecond.set(Math.floor((at - sends[0]!) / 1000), (perSecond.get(Math.floor((at - sends[0]!) / 1000)) ?? 0) + 1);
  out(`  sends per second: ${[...perSecond.values()].join(' ')}`);
  // The tenant limit binds: 50 per second (the first 50 may go at once); per channel 20 cards need only ~4 s.
  const minimum = (ALERTS - TENANT_PER_SECOND) / TENANT_PER_SECOND;
  out('');
  out(`Delivery: ${ALERTS.toLocaleString('en')} alerts across ${CHANNELS} channels through a fake connector enforcing Teams' limits`);
  out(`  all events accepted after   ${((accepted - started) / 1000).toFixed(1)} s`);
  out(`  last card delivered after   ${seconds.toFixed(1)} s   (theoretical minimum ${minimum.toFixed(1)} s at ${TENANT_PER_SECOND}/s per tenant)`);
  out(`  share of the ceiling        ${(minimum / seconds).toFixed(2)}         (aim ≥ 0.9)`);
  out(`  429s received              ${connector.throttledCount}`);
  out(`  lost                        ${ALERTS - posts.size}`);
  out(`  duplicated                  ${[...posts.values()].filter((count) => count > 1).length}`);
}

export async function startBare(): Promise<{ child: ReturnType<typeof spawn>; url: string }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'test/bench/bare-route.ts'], { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).url)));
  return { child, url };
}
