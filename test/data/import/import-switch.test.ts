import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../data/store/open-database.js';
import { createStore } from '../../../data/store/store.js';
import { CITIZENS, PEOPLE, WORLD_CSV } from '../../support/world.js';
import { at, importFiles, removeTempFolders, replaceLine, versionRowCounts, WORLD_DAY } from '../import-fixtures.js';

const folders: string[] = [];
afterEach(() => {
  removeTempFolders();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The world imported into a database file, and a second connection to it (as the running bot would have). */
async function worldFile(): Promise<{ db: Db; other: Database.Database }> {
  const folder = mkdtempSync(join(tmpdir(), 'brobygger-switch-'));
  folders.push(folder);
  const db = openDatabase(join(folder, 'store.sqlite'));
  expect((await importFiles(db, WORLD_CSV, { now: WORLD_DAY })).ok).toBe(true);
  const other = new Database(join(folder, 'store.sqlite'));
  other.pragma('busy_timeout = 0');
  return { db, other };
}

/** Day 2: Carl's BIF case moves from Bo to Anna, and Birte (shared) changes name. */
const DAY_2 = {
  'cases.csv': replaceLine(WORLD_CSV['cases.csv'], 4, `150875-1008,BIF,JC-UDSAT-NORD,${PEOPLE.anna.id},jobparat,nej,2024-01-01,`),
  'citizens.csv': replaceLine(WORLD_CSV['citizens.csv'], 2, '010190-1234,Birte Nyt-Navn'),
};

const carlsCaseworker = (db: Database.Database | Db) =>
  db.prepare("SELECT caseworker_id FROM case_versions WHERE cpr = ? AND administration = 'BIF' AND superseded_at IS NULL AND valid_to IS NULL").pluck().get(CITIZENS.bifOnly);
const birtesName = (db: Database.Database | Db) => db.prepare('SELECT name FROM citizen_versions WHERE cpr = ? AND superseded_at IS NULL AND valid_to IS NULL').pluck().get(CITIZENS.shared);

describe('importFolder on SQLite (a second connection to the file): planning holds no write lock, the switch is one transaction', () => {
  it('lets another connection write while every file is planned, and shows it yesterday’s data until the switch', async () => {
    const { db, other } = await worldFile();
    const seen: string[] = [];
    const report = await importFiles(db, DAY_2, {
      now: at('2025-06-10'),
      onPhase: (phase) => {
        if (!phase.startsWith('plan ')) return;
        // The running bot writes an audit row now: it must get the write lock at once (busy_timeout 0).
        other.exec('BEGIN IMMEDIATE');
        other.prepare("INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (?, '2025-06-10T10:00:00.000Z')").run(`probe-${phase}`);
        other.exec('COMMIT');
        seen.push(`${phase}: ${carlsCaseworker(other)} / ${birtesName(other)}`);
      },
    });
    expect(report.ok).toBe(true);
    expect(seen).toEqual(['plan citizens.csv: E-BO / Birte Fællesborger', 'plan cases.csv: E-BO / Birte Fællesborger']);
    expect([carlsCaseworker(other), birtesName(other)]).toEqual([PEOPLE.anna.id, 'Birte Nyt-Navn']);
    expect(other.prepare("SELECT count(*) FROM greeted_users WHERE aad_object_id LIKE 'probe-%'").pluck().get()).toBe(2);
    other.close();
  });

  it.each([
    ['another import finished', "INSERT INTO import_runs (started_at, finished_at, folder) VALUES ('2025-06-10T10:00:00Z', '2025-06-10T10:00:01Z', '/andet')"],
    ['the daily retention run finished', "INSERT INTO retention_runs (day, started_at, finished_at, trigger, summary) VALUES ('2025-06-10', '2025-06-10T01:00:00Z', '2025-06-10T01:00:02Z', 'command', '{}')"],
  ])('refuses the switch and writes nothing when %s while it was planned', async (_what, concurrentWrite) => {
    const { db, other } = await worldFile();
    let written = false;
    const before = versionRowCounts(db);
    const report = await importFiles(db, DAY_2, {
      now: at('2025-06-10'),
      onPhase: (phase) => {
        if (phase !== 'plan cases.csv' || written) return;
        other.exec(concurrentWrite);
        written = true;
      },
    });
    expect(report.ok).toBe(false);
    expect(versionRowCounts(db)).toEqual(before);
    expect(report.runId).toBeNull();
    expect(report.problems.map((problem) => problem.message)).toEqual([
      'en anden import eller den daglige sletning blev gennemført, mens denne import blev forberedt. Intet er importeret: kør importen igen',
    ]);
    expect([carlsCaseworker(db), birtesName(db)]).toEqual([PEOPLE.bo.id, 'Birte Fællesborger']);
    // Run again, it goes through.
    const again = await importFiles(db, DAY_2, { now: at('2025-06-10') });
    expect(again.ok).toBe(true);
    expect([carlsCaseworker(db), birtesName(db)]).toEqual([PEOPLE.anna.id, 'Birte Nyt-Navn']);
    other.close();
  });

  it('refuses the switch when a planned version was superseded by someone else meanwhile', async () => {
    const { db, other } = await worldFile();
    const report = await importFiles(db, DAY_2, {
      now: at('2025-06-10'),
      onPhase: (phase) => {
        if (phase === 'plan cases.csv') other.prepare("UPDATE case_versions SET superseded_at = '2025-06-10T09:00:00.000Z' WHERE cpr = ? AND superseded_at IS NULL").run(CITIZENS.bifOnly);
      },
    });
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.message).toContain('Intet er importeret: kør importen igen');
    expect(birtesName(db)).toBe('Birte Fællesborger');
    expect(db.prepare('SELECT count(*) FROM import_runs').pluck().get()).toBe(1);
    other.close();
  });

  it('leaves no planning tables behind, whether the import went through or not', async () => {
    const { db, other } = await worldFile();
    expect((await importFiles(db, DAY_2, { now: at('2025-06-10') })).ok).toBe(true);
    await importFiles(db, DAY_2, { now: at('2025-06-11'), onPhase: (phase) => void (phase === 'plan cases.csv' && other.exec("INSERT INTO import_runs (started_at, folder) VALUES ('x', 'y')")) });
    expect(db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").pluck().all()).toEqual([]);
    expect((await createStore(db).cases.openCasesOf(CITIZENS.bifOnly, '2025-06-11')).map((c) => c.caseworkerName)).toEqual(['Anna Jensen']);
    other.close();
  });
});
