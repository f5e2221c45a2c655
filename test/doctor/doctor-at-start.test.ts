import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config/load-config.js';
import { databaseFindingsInWorker } from '../../bot/doctor/findings-in-worker.js';
import { logDoctorFindings } from '../../bot/doctor/log-at-start.js';
import type { Finding } from '../../bot/doctor/finding.js';
import { databaseFindings, storeFindings } from '../../bot/doctor/run-doctor.js';
import { createLogger } from '../../bot/log/logger.js';
import { openPostgresStore } from '../../data/postgres/open-postgres-store.js';
import { openDatabase } from '../../data/store/open-database.js';
import { postgresEnginesUnderTest } from '../data/engines.js';
import { scratchDatabase } from '../support/postgres-scratch-database.js';
import { worldDatabaseFile } from '../support/world.js';
import { freePort } from '../support/free-port.js';

// The start-up self-check reads the whole caseload ("SOF units with cases but no channel" scans every case: about
// 0.8 s on 2,000,000). The bot computes it in a worker thread with its own read-only connection, so turns go on.

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function world(): Promise<string> {
  const path = await worldDatabaseFile();
  folders.push(dirname(path));
  return path;
}

const NOW = new Date(Date.now() + 3_600_000);
/** Free disk space changes from one check to the next (other processes write): compared without its megabytes. */
const withoutFreeSpace = (finding: Finding): Finding => ({ ...finding, text: finding.text.replace(/[\d.]+ MB/g, '… MB') });
const configFor = (path: string) => loadConfig({ LOCAL_MODE: 'true', DATABASE_PATH: path });

/** Adds `count` open SOF cases on a unit the world already has SOF cases on (so the findings stay the same). */
function manyCases(path: string, count: number): void {
  const db = openDatabase(path);
  const unit = db.prepare("SELECT unit_id FROM case_versions WHERE administration = 'SOF' ORDER BY unit_id LIMIT 1").pluck().get();
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1)
     INSERT INTO case_versions (cpr, administration, unit_id, source_from, valid_from, recorded_at)
     SELECT printf('01%08d', i), 'SOF', @unit, '2025-01-01', '2025-01-01', '2025-06-02T10:00:00Z' FROM n`,
  ).run({ count, unit });
  db.close();
}

/** The longest wait between 5 ms timer ticks while `work` runs: how long the event loop could not serve a turn. */
async function longestStall(work: () => unknown): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticks = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return longest;
  } finally {
    clearInterval(ticks);
  }
}

describe('the start-up self-check', () => {
  it('finds in its worker thread what npm run doctor finds (SQLite: PostgreSQL is checked through the bot\'s store, below)', async () => {
    const config = configFor(await world());
    const findings = await databaseFindingsInWorker(config, NOW);
    expect(findings.map(withoutFreeSpace)).toEqual((await databaseFindings(config, NOW)).map(withoutFreeSpace));
    expect(findings.map((finding) => finding.check)).toEqual(expect.arrayContaining(['fallback-channel', 'units-without-channel', 'disk-space']));
    const missing = configFor(join(tmpdir(), 'brobygger-no-such-folder', 'brobygger.sqlite'));
    expect(await databaseFindingsInWorker(missing, NOW)).toEqual([expect.objectContaining({ severity: 'error', check: 'database' })]);
  }, 60_000); // two worker threads, each loading the checks, on a loaded machine

  it('never stalls the event loop for the scan: turns are served while a million cases are checked (SQLite: better-sqlite3 holds the thread)', async () => {
    const path = await world();
    manyCases(path, 1_000_000);
    const config = configFor(path);
    // On the event loop itself the scan blocks it for its whole duration (this was the start-up check before).
    let expected: Finding[] = [];
    const blocking = await longestStall(async () => (expected = await databaseFindings(config, NOW)));
    expect(blocking).toBeGreaterThan(100);

    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    const stall = await longestStall(() => logDoctorFindings(config, log, NOW));
    expect(stall).toBeLessThan(blocking / 2);
    const logged = lines.map((line) => JSON.parse(line) as { check?: string; severity?: string; msg: string }).filter((line) => line.check !== 'webhook-secret');
    const warned = expected.filter((finding) => finding.severity !== 'ok');
    expect(warned.map((finding) => finding.check)).toContain('units-without-channel');
    expect(logged.map(({ check, severity, msg }) => withoutFreeSpace({ check: check!, severity: severity as Finding['severity'], text: msg.replace(/^doctor: /, '') }))).toEqual(warned.map(withoutFreeSpace));
  }, 120_000);
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`the start-up self-check on ${engine.label}`, () => {
    it("checks through the bot's own store and opens no connection of its own (the configured URL leads nowhere, and nothing says it could not connect)", async () => {
      const scratch = await scratchDatabase(engine.url, 'brobygger_doctor');
      const store = await openPostgresStore(scratch.url, { maxClients: 2, onIdleClientError: () => undefined });
      try {
        const config = loadConfig({ LOCAL_MODE: 'true', DATABASE_URL: `postgres://brobygger:kodeord@127.0.0.1:${await freePort()}/brobygger` });
        const lines: string[] = [];
        const log = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
        await logDoctorFindings(config, log, NOW, store);
        const logged = lines.map((line) => JSON.parse(line) as { check?: string; msg: string }).filter((line) => line.check !== 'webhook-secret');
        const warned = (await storeFindings(store, config, NOW)).filter((finding) => finding.severity !== 'ok');
        expect(warned.length).toBeGreaterThan(0);
        expect(logged.map(({ check, msg }) => ({ check, text: msg.replace(/^doctor: /, '') }))).toEqual(warned.map(({ check, text }) => ({ check, text })));
        expect(logged.map((line) => line.check)).not.toContain('database');
      } finally {
        await store.close();
        await scratch.drop();
      }
    }, 60_000);
  });
}
