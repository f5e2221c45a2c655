import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../bot/paths/project-root.js';
import { messages } from '../../bot/i18n/messages.js';
import { syntheticCprs } from '../bench/generate-synthetic-data.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { PEOPLE, WORLD_CSV, worldDatabase } from '../support/world.js';

/** Large enough that planning the import takes a while on this machine; small enough for the default test run. */
const CITIZENS = 60_000;
/** Citizens whose BIF and SOF caseworkers both change on day 2: a lookup must show both old or both new. */
const PROBES = 40;
const SIF = { id: 'E-SIF', name: 'Sif Sørensen' };

const work = mkdtempSync(join(tmpdir(), 'brobygger-import-beside-'));
const connector = new FakeConnector();
let bot: BotProcess | null = null;
afterAll(async () => {
  bot?.child.kill('SIGKILL');
  await connector.stop();
  rmSync(work, { recursive: true, force: true });
});

function worldFiles(cprs: string[], day: 1 | 2): Record<string, string> {
  const citizens = ['cpr,name'];
  const cases = [WORLD_CSV['cases.csv'].split('\n')[0]!];
  cprs.forEach((cpr, n) => {
    const moved = day === 2 && n < PROBES;
    citizens.push(`${cpr},Borger ${n}`);
    cases.push(`${cpr},BIF,JC-UDSAT-NORD,${moved ? PEOPLE.bo.id : PEOPLE.anna.id},jobparat,nej,2024-01-01,`);
    cases.push(`${cpr},SOF,RUS-TEAM-A,${moved ? SIF.id : PEOPLE.mads.id},misbrug,nej,2025-01-01,`);
  });
  return {
    'units.csv': WORLD_CSV['units.csv'],
    'employees.csv': `${WORLD_CSV['employees.csv']}${SIF.id},${SIF.name},sif.sorensen@kk.dk,aaaaaaaa-0000-4000-8000-000000000009,,RUS-TEAM-A,caseworker,2025-01-01,\n`,
    'citizens.csv': `${citizens.join('\n')}\n`,
    'cases.csv': `${cases.join('\n')}\n`,
  };
}

function writeFolder(name: string, files: Record<string, string>): string {
  const target = mkdtempSync(join(work, `${name}-`));
  for (const [file, content] of Object.entries(files)) writeFileSync(join(target, file), content);
  return target;
}

/** The import command in its own process (as a nightly job runs it, `databaseEnv` naming the database), with its phase timings. */
function runImportProcess(folder: string, databaseEnv: Readonly<Record<string, string>>): { exited: Promise<{ code: number | null; output: string }>; running: () => boolean } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/cli/import.ts', folder, '--verbose'], { cwd: projectRoot(), env: { PATH: process.env.PATH ?? '', ...databaseEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let alive = true;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => {
      alive = false;
      resolve({ code, output });
    }),
  );
  return { exited, running: () => alive };
}

/** Tries SQLite's write lock every few milliseconds without waiting; returns the longest time it was held by others. */
function watchWriteLock(database: string): { stop: () => number } {
  const probe = new Database(database);
  probe.pragma('busy_timeout = 0');
  let heldSince: number | null = null;
  let longest = 0;
  const timer = setInterval(() => {
    try {
      probe.exec('BEGIN IMMEDIATE');
      probe.exec('ROLLBACK');
      if (heldSince !== null) longest = Math.max(longest, performance.now() - heldSince);
      heldSince = null;
    } catch {
      heldSince ??= performance.now();
    }
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      probe.close();
      return heldSince === null ? longest : Math.max(longest, performance.now() - heldSince);
    },
  };
}

describe('a full import in another process, beside lookups', () => {
  it('never makes a lookup wait or fail, and a lookup shows yesterday’s or today’s caseworkers, never a mix (SQLite: the write lock is held for the switch only)', { timeout: 300_000 }, async () => {
    const cprs = [...syntheticCprs(CITIZENS)];
    const database = await worldDatabase(worldFiles(cprs, 1), new Date());
    const dayTwo = writeFolder('day2', worldFiles(cprs, 2));

    const serviceUrl = await connector.start();
    bot = await spawnBot({ ...database.env, ALLOWED_TENANT_IDS: TEST_TENANT });
    const anna = { aadObjectId: PEOPLE.anna.aadObjectId, name: PEOPLE.anna.name };
    let sent = 0;
    const lookup = async (): Promise<{ shown: string; ms: number; during: boolean }> => {
      const n = sent++;
      const conversationId = `a:probe-${n}`;
      const during = importProcess.running();
      const began = performance.now();
      const response = await fetch(`${bot!.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage({ serviceUrl, from: anna, conversationId, text: `hvem har ${cprs[n % PROBES]}?` })),
      });
      await response.arrayBuffer();
      const ms = performance.now() - began;
      expect(response.status).toBe(200);
      const reply = JSON.stringify(connector.calls.filter((call) => call.conversationId === conversationId).map((call) => call.body));
      if (reply.includes(messages('da').common.storeBusy.slice(0, 40))) return { shown: 'busy', ms, during };
      const caseworkers = [...reply.matchAll(/"title":"Sagsbehandler","value":"([^"]+)"/g)].map((match) => match[1]);
      return { shown: caseworkers.join(' + ') || reply.slice(0, 200), ms, during };
    };

    const importProcess = runImportProcess(dayTwo, database.env);
    const lock = database.engine === 'sqlite' ? watchWriteLock(database.env.DATABASE_PATH!) : null;
    const results: Awaited<ReturnType<typeof lookup>>[] = [];
    // Three lookups in flight at a time, until the import has exited.
    await Promise.all(
      [0, 1, 2].map(async () => {
        while (importProcess.running()) results.push(await lookup());
      }),
    );
    const imported = await importProcess.exited;
    const longestHoldMs = lock?.stop();
    expect(imported.code, imported.output).toBe(0);
    // The write lock is held for the switch only, never while the large file is planned (measured against the
    // import's own planning time, so a slow machine does not change the verdict). PostgreSQL has no such lock.
    const planningMs = Number(/plan cases\.csv: ([\d.]+) s/.exec(imported.output)?.[1]) * 1000;
    expect(planningMs).toBeGreaterThan(0);
    if (longestHoldMs !== undefined) expect(longestHoldMs).toBeLessThan(planningMs);
    results.push(await lookup());

    const during = results.filter((result) => result.during);
    const slowest = Math.max(...during.map((result) => result.ms));
    console.log(`import beside lookups: ${during.length} lookups during the import, slowest ${slowest.toFixed(0)} ms, ${longestHoldMs === undefined ? 'on PostgreSQL' : `write lock held at most ${longestHoldMs.toFixed(0)} ms at a time`};\n${imported.output.trim()}`);
    expect(during.length).toBeGreaterThanOrEqual(10);
    const shown = new Set(results.map((result) => result.shown));
    expect([...shown].filter((pair) => pair !== `${PEOPLE.anna.name} + ${PEOPLE.mads.name}` && pair !== `${PEOPLE.bo.name} + ${SIF.name}`)).toEqual([]);
    // After the import, every probe shows today's caseworkers.
    expect(results.at(-1)!.shown).toBe(`${PEOPLE.bo.name} + ${SIF.name}`);
  });
});
