import { join } from 'node:path';
import { EventIntake } from '../../bot/events/event-intake.js';
import { parseEvent } from '../../bot/events/event-schemas.js';
import { importFolder } from '../../data/import/import-folder.js';
import { openPostgresStore } from '../../data/postgres/open-postgres-store.js';
import { retryWhileBusy } from '../../data/sql/retry-while-busy.js';
import { openDatabase } from '../../data/store/open-database.js';
import { postsPerAlert } from '../support/alert-posts.js';
import { countToArrival } from '../support/arrival-lag.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { manyChannelsCsv, rememberChannels, syntheticCpr } from '../support/many-channels-world.js';
import { PostgresBinariesMissing } from '../support/postgres-binaries.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/postgres-cluster.js';
import { postAlerts } from '../support/post-alerts.js';
import { postgresWorld } from '../support/postgres-world.js';
import { benefitStopped, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { worldDatabaseFile } from '../support/world.js';
import { startEcho } from './echo-process.js';
import { generateSyntheticData } from './generate-synthetic-data.js';
import { runLoad, type LoadResult } from './load.js';
import { postgresCpuMs, processCpuMs } from './process-cpu.js';

const LOOKUP_WORLD = { citizens: 20_000, cases: 40_000 };
const CHANNELS = 100;
const ALERTS = 1000;
const TENANT_PER_SECOND = 50;
const INTAKE_CONCURRENCY = 8;

type Out = (line: string) => void;

/** TEST_DATABASE_URL's server if set, else a throwaway cluster of Debian's PostgreSQL (fsync off, as in the tests). */
async function postgresServer(out: Out): Promise<{ url: string; stop(): Promise<void> } | null> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    out(`PostgreSQL: the server in TEST_DATABASE_URL (${new URL(given).host})`);
    return { url: given, stop: async () => {} };
  }
  let cluster: ThrowawayPostgres;
  try {
    cluster = await startThrowawayPostgres();
  } catch (error) {
    if (!(error instanceof PostgresBinariesMissing)) throw error;
    out(`Several instances: skipped, no PostgreSQL to run on. ${error.message}`);
    return null;
  }
  out(`PostgreSQL: a throwaway cluster on 127.0.0.1:${cluster.port} (fsync off; set TEST_DATABASE_URL to use a server of your own)`);
  return cluster;
}

/**
 * npm run bench -- --only instances: the same lookups on SQLite and on PostgreSQL beside the bare echo bot, then
 * alert delivery on PostgreSQL with one and with two bot processes against the fake connector's Teams limits.
 */
export async function runInstancesBenchmarks(options: { out: Out; work: string; seconds: number; concurrency: number }): Promise<void> {
  const { out } = options;
  out('');
  const server = await postgresServer(out);
  if (!server) return;
  try {
    await lookups(server.url, options);
    const runs = [];
    for (const instances of [1, 2]) runs.push(await delivery(server.url, instances, out));
    out('');
    out(`Alert delivery on PostgreSQL: ${ALERTS.toLocaleString('en')} alerts across ${CHANNELS} channels, fake connector enforcing Teams' limits (tenant ${TENANT_PER_SECOND}/s)`);
    out('                 accepted   delivered   sends/s   share of ceiling   after accepted   429s   lost   duplicated');
    for (const run of runs) {
      out(
        `  ${`${run.instances} instance${run.instances > 1 ? 's' : ''}`.padEnd(13)}  ${run.acceptedSeconds.toFixed(1).padStart(6)} s  ${run.deliveredSeconds.toFixed(1).padStart(7)} s  ` +
          `${run.perSecond.toFixed(1).padStart(7)}   ${(run.perSecond / TENANT_PER_SECOND).toFixed(2).padStart(16)}   ${`${run.drainPerSecond.toFixed(1)}/s`.padStart(14)}   ${String(run.throttled).padStart(4)}   ${String(run.lost).padStart(4)}   ${String(run.duplicated).padStart(10)}`,
      );
    }
    out(`  (sends/s from the first send to the last, and from when all events were accepted to the last; the ceiling is ${TENANT_PER_SECOND}/s; aim with two instances: share ≥ 0.9 and no 429)`);
    const alone = [];
    for (const instances of [1, 2]) alone.push(await deliveryAlone(server.url, instances, out));
    out('');
    out(`Delivery alone: the same ${ALERTS.toLocaleString('en')} events accepted first (in this process, over one PostgreSQL store, ${INTAKE_CONCURRENCY} at a time, no bot running), then the bots started`);
    out('                 intake events/s   sends/s   share of ceiling   429s   lost   duplicated');
    for (const run of alone) {
      out(
        `  ${`${run.instances} instance${run.instances > 1 ? 's' : ''}`.padEnd(13)}  ${run.intakePerSecond.toFixed(1).padStart(15)}   ${run.perSecond.toFixed(1).padStart(7)}   ${(run.perSecond / TENANT_PER_SECOND).toFixed(2).padStart(16)}   ${String(run.throttled).padStart(4)}   ${String(run.lost).padStart(4)}   ${String(run.duplicated).padStart(10)}`,
      );
    }
    out('  (sends/s from the first send to the last; the bots start one after the other, so the first sends alone for a moment)');
  } finally {
    await server.stop();
  }
}

async function lookups(serverUrl: string, options: { out: Out; work: string; seconds: number; concurrency: number }): Promise<void> {
  const { out, work, seconds, concurrency } = options;
  const csv = join(work, 'instances-csv');
  const sample = await generateSyntheticData(csv, LOOKUP_WORLD);
  const sqlitePath = join(work, 'instances.sqlite');
  const db = openDatabase(sqlitePath);
  const report = await importFolder(db, csv, { now: new Date() });
  db.close();
  if (!report.ok) throw new Error('the lookup world could not be imported');
  const pg = await postgresWorld(serverUrl, sqlitePath, 'brobygger_bench_lookups');
  // One connector per bot, so each bot's answers are counted apart: a lookup answered "databasen er optaget" is a 200 too.
  const connectors = { echo: new FakeConnector(), sqlite: new FakeConnector(), postgres: new FakeConnector() };
  for (const connector of Object.values(connectors)) await connector.start();
  const user = { aadObjectId: sample.caseworkerAad, name: 'Bench Caseworker' };
  const lookup = (connector: FakeConnector) => (i: number) => teamsMessage({ serviceUrl: connector.url, from: user, text: `hvem har ${sample.sampleCprs[i % sample.sampleCprs.length]}?` });
  const echo = (i: number) => teamsMessage({ serviceUrl: connectors.echo.url, from: user, text: `echo ${i}` });
  const answers = (connector: FakeConnector, text: string) => connector.calls.filter((call) => JSON.stringify(call.body).includes(text)).length;
  const echoProcess = await startEcho();
  const bots: BotProcess[] = [];
  try {
    const sqliteBot = await spawnBot({ DATABASE_PATH: sqlitePath, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
    bots.push(sqliteBot);
    const pgBot = await spawnBot({ DATABASE_URL: pg.scratch.url, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' });
    bots.push(pgBot);
    const load = (url: string, body: (i: number) => unknown) => runLoad({ url, body, concurrency, durationMs: seconds * 1000, warmupMs: 2000 });
    // Interleaved to share the machine's noise; the better run of each is reported.
    const runs: Record<'echo' | 'sqlite' | 'postgres', LoadResult[]> = { echo: [], sqlite: [], postgres: [] };
    // CPU per turn (from /proc, warm-up included), steadier than turns/s on a noisy machine: every turn is one reply.
    const cpu: Record<'echo' | 'sqlite' | 'postgres' | 'server', number[]> = { echo: [], sqlite: [], postgres: [], server: [] };
    const measured = async (kind: 'echo' | 'sqlite' | 'postgres', pid: number, connector: FakeConnector, run: () => Promise<LoadResult>) => {
      const [before, serverBefore, turnsBefore] = [processCpuMs(pid), postgresCpuMs(), connector.calls.length];
      runs[kind].push(await run());
      const [after, serverAfter, turns] = [processCpuMs(pid), postgresCpuMs(), connector.calls.length - turnsBefore];
      if (before !== null && after !== null && turns > 0) cpu[kind].push((after - before) / turns);
      if (kind === 'postgres' && serverBefore !== null && serverAfter !== null && turns > 0) cpu.server.push((serverAfter - serverBefore) / turns);
    };
    for (let round = 0; round < 2; round++) {
      await measured('echo', echoProcess.child.pid!, connectors.echo, () => load(echoProcess.url, echo));
      await measured('sqlite', sqliteBot.child.pid!, connectors.sqlite, () => load(sqliteBot.url, lookup(connectors.sqlite)));
      await measured('postgres', pgBot.child.pid!, connectors.postgres, () => load(pgBot.url, lookup(connectors.postgres)));
    }
    const best = (list: LoadResult[]) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const [e, s, p] = [best(runs.echo), best(runs.sqlite), best(runs.postgres)];
    const row = (label: string, r: LoadResult) => `  ${label.padEnd(16)}${r.perSecond.toFixed(0).padStart(7)}   ${r.p50Ms.toFixed(1).padStart(8)}  ${r.p99Ms.toFixed(1).padStart(8)}   ${r.errors}`;
    out('');
    out(`Lookups through POST /api/messages, ${LOOKUP_WORLD.citizens.toLocaleString('en')} citizens (${concurrency} concurrent senders, ${seconds} s per run after 2 s warm-up, best of 2)`);
    out('                  turns/s     p50 ms    p99 ms    errors');
    out(row('echo bot', e));
    out(row('SQLite', s));
    out(row('PostgreSQL', p));
    out(`  ratio SQLite     ${(s.perSecond / e.perSecond).toFixed(2)}        (aim ≥ 0.65)`);
    out(`  ratio PostgreSQL ${(p.perSecond / e.perSecond).toFixed(2)}        (aim ≥ 0.5)`);
    if (cpu.echo.length > 0 && cpu.sqlite.length > 0 && cpu.postgres.length > 0) {
      const least = (list: number[]) => Math.min(...list);
      const [ce, cs, cp] = [least(cpu.echo), least(cpu.sqlite), least(cpu.postgres)];
      const server = cpu.server.length > 0 ? `, plus the PostgreSQL server's ${least(cpu.server).toFixed(2)} ms` : '';
      out(`  bot CPU per turn (least of the runs): echo ${ce.toFixed(2)} ms, SQLite ${cs.toFixed(2)} ms, PostgreSQL ${cp.toFixed(2)} ms${server}`);
      out(`  CPU ratio (echo's CPU per turn / the lookup's, what the turns/s ratio tends to when the bot's core is the limit): SQLite ${(ce / cs).toFixed(2)}, PostgreSQL ${(ce / cp).toFixed(2)}`);
    }
    for (const [label, connector] of [['SQLite', connectors.sqlite], ['PostgreSQL', connectors.postgres]] as const) {
      out(`  ${label}: ${answers(connector, 'Hvem har borgeren?')} lookup cards, ${answers(connector, 'databasen er optaget')} "databasen er optaget" answers (all runs, warm-up included)`);
    }
  } finally {
    echoProcess.child.kill('SIGTERM');
    for (const bot of bots) bot.child.kill('SIGTERM');
    await Promise.all(bots.map((bot) => bot.exited));
    for (const connector of Object.values(connectors)) await connector.stop();
    await pg.close();
  }
}

type DeliveryRun = { instances: number; acceptedSeconds: number; deliveredSeconds: number; perSecond: number; drainPerSecond: number; throttled: number; lost: number; duplicated: number };

/** `instances` bot processes on one fresh PostgreSQL database, the alerts posted round robin to them. */
async function delivery(serverUrl: string, instances: number, out: Out): Promise<DeliveryRun> {
  const connector = new FakeConnector({ enforceTeamsLimits: true });
  await connector.start();
  const sqlite = await worldDatabaseFile(manyChannelsCsv(CHANNELS, ALERTS));
  await rememberChannels(sqlite, connector.url, CHANNELS);
  const pg = await postgresWorld(serverUrl, sqlite, 'brobygger_bench_delivery');
  const env = { DATABASE_URL: pg.scratch.url, EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' };
  const bots: BotProcess[] = [];
  try {
    // One after the other: two starting together on a busy machine can miss spawnBot's 20 s.
    for (let i = 0; i < instances; i++) bots.push(await spawnBot(env));
    const started = performance.now();
    await postAlerts(bots, ALERTS, { concurrency: 8, run: `bench${instances}` });
    const accepted = performance.now();
    const acceptedAt = Date.now();
    const deadline = Date.now() + 600_000;
    while (postsPerAlert(connector.calls).size < ALERTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const delivered = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const posts = postsPerAlert(connector.calls);
    const sends = connector.calls.filter((call) => call.operation === 'send').map((call) => call.at);
    const spanSeconds = (Math.max(...sends) - Math.min(...sends)) / 1000;
    // While events still arrive, intake and delivery share the machine and the database; once all are in, delivery alone.
    const drainedSends = sends.filter((at) => at > acceptedAt).length;
    out(`  ${instances} instance(s), sends per second: ${sendsPerSecond(sends)}${throttledAt(connector, sends)}; ${await countToArrival(pg.pool, connector.calls)}`);
    return {
      instances,
      acceptedSeconds: (accepted - started) / 1000,
      deliveredSeconds: (delivered - started) / 1000,
      perSecond: spanSeconds > 0 ? (sends.length - 1) / spanSeconds : 0,
      drainPerSecond: drainedSends / Math.max(0.001, (Math.max(...sends) - acceptedAt) / 1000),
      throttled: connector.throttledCount,
      lost: ALERTS - posts.size,
      duplicated: [...posts.values()].filter((count) => count > 1).length,
    };
  } finally {
    await stopDeliveryRun(bots, connector, pg);
  }
}

type DeliveryAloneRun = { instances: number; intakePerSecond: number; perSecond: number; throttled: number; lost: number; duplicated: number };

/**
 * Delivery apart from intake: every event accepted before any bot runs, so that no send waits for an event still
 * arriving and the sends/s measure delivery against the ceiling; then `instances` bot processes find them all waiting.
 */
async function deliveryAlone(serverUrl: string, instances: number, out: Out): Promise<DeliveryAloneRun> {
  const connector = new FakeConnector({ enforceTeamsLimits: true });
  await connector.start();
  const sqlite = await worldDatabaseFile(manyChannelsCsv(CHANNELS, ALERTS));
  await rememberChannels(sqlite, connector.url, CHANNELS);
  const pg = await postgresWorld(serverUrl, sqlite, 'brobygger_bench_delivery_alone');
  const bots: BotProcess[] = [];
  try {
    const intakeSeconds = await acceptEvents(pg.scratch.url, `alone${instances}`);
    const env = { DATABASE_URL: pg.scratch.url, ALLOWED_TENANT_IDS: TEST_TENANT, LOG_LEVEL: 'info' };
    for (let i = 0; i < instances; i++) bots.push(await spawnBot(env));
    const deadline = Date.now() + 600_000;
    while (postsPerAlert(connector.calls).size < ALERTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const posts = postsPerAlert(connector.calls);
    const sends = connector.calls.filter((call) => call.operation === 'send').map((call) => call.at);
    const spanSeconds = (Math.max(...sends) - Math.min(...sends)) / 1000;
    out(`  delivery alone, ${instances} instance(s), sends per second: ${sendsPerSecond(sends)}${throttledAt(connector, sends)}; ${await countToArrival(pg.pool, connector.calls)}`);
    return {
      instances,
      intakePerSecond: ALERTS / intakeSeconds,
      perSecond: spanSeconds > 0 ? (sends.length - 1) / spanSeconds : 0,
      throttled: connector.throttledCount,
      lost: ALERTS - posts.size,
      duplicated: [...posts.values()].filter((count) => count > 1).length,
    };
  } finally {
    await stopDeliveryRun(bots, connector, pg);
  }
}

/** The bots' intake (EventIntake: reads, then the group-committed writes) without HTTP; returns the seconds it took. */
async function acceptEvents(url: string, run: string): Promise<number> {
  const store = await openPostgresStore(url, { onIdleClientError: () => undefined });
  try {
    const intake = new EventIntake(store, { dropNonShared: false, fallbackUnitId: undefined });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: INTAKE_CONCURRENCY }, async () => {
        while (next < ALERTS) {
          const n = next++;
          const parsed = parseEvent(benefitStopped(syntheticCpr(n), { note: `${run} ${n}` }));
          if (!parsed.ok) throw new Error(`event ${n}: ${parsed.problems.join('; ')}`);
          const acceptance = await retryWhileBusy(() => intake.accept(`msg_${run}_${n}`, parsed.event, new Date()));
          if (acceptance.outcome !== 'accepted') throw new Error(`event ${n}: ${acceptance.outcome}`);
        }
      }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await store.close();
  }
}

/** When the 429s came, in seconds from the first send (start-up or steady state tells where to look), if any. */
function throttledAt(connector: FakeConnector, sends: readonly number[]): string {
  if (connector.throttled.length === 0) return '';
  return `; 429s at ${connector.throttled.map((call) => `${((call.at - Math.min(...sends)) / 1000).toFixed(2)} s`).join(', ')}`;
}

/** How many sends fell in each second from the first one, e.g. "32 47 48 …". */
function sendsPerSecond(sends: readonly number[]): string {
  const perSecond = new Map<number, number>();
  for (const at of sends) {
    const second = Math.floor((at - sends[0]!) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return [...perSecond.values()].join(' ');
}

async function stopDeliveryRun(bots: readonly BotProcess[], connector: FakeConnector, pg: { close(): Promise<void> }): Promise<void> {
  for (const bot of bots) bot.child.kill('SIGTERM');
  await Promise.all(bots.map((bot) => bot.exited));
  await connector.stop();
  await pg.close();
}
