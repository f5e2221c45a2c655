import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFolder } from '../../data/import/import-folder.js';
import { openDatabase } from '../../data/store/open-database.js';
import { createStore, type Store } from '../../data/store/store.js';
import { worldEngine } from '../data/engines.js';
import { openWorldDatabase, type WorldDatabase, type WorldSource } from './world-database.js';

/** A small, hand-checkable organisation and caseload used across tests. */
export const PEOPLE = {
  anna: { id: 'E-ANNA', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Anna Jensen' },
  bo: { id: 'E-BO', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Bo Hansen' },
  mads: { id: 'E-MADS', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000003', name: 'Mads Nielsen' },
  fatima: { id: 'E-FATIMA', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000004', name: 'Fatima Ahmadi' },
  lene: { id: 'E-LENE', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000005', name: 'Lene Leder' },
  hanne: { id: 'E-HANNE', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000006', name: 'Hanne Hotline' },
  stranger: { id: null, aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000ff', name: 'Jonas Berg' },
} as const;

/**
 * Citizens (all format-valid; `bifOnly` passes modulus 11, the rest fail it). `shared` has BIF aktivitetsparat (Anna) + SOF misbrug (Mads) and a green line; `bifOnly` is jobparat;
 * `sofOnly` has only an SOF case; `moved` changed SOF unit on 2025-01-01; `mod11Fail` is valid but fails modulus 11;
 * `unknown` is not in the store at all.
 */
export const CITIZENS = {
  shared: '0101901234',
  bifOnly: '1508751008',
  sofOnly: '0303703456',
  moved: '0404854567',
  mod11Fail: '0101001002',
  unknown: '0505955678',
} as const;

export const WORLD_CSV = {
  'units.csv': `id,name,administration,parent_id,phone,email,valid_from,valid_to,entry_point
BIF,Beskæftigelses- og Integrationsforvaltningen,BIF,,,,2009-01-01,,
JC-UDSAT,Jobcenter København – udsatte borgere,BIF,BIF,33 66 00 00,jc-udsat@kk.dk,2024-01-01,,
JC-UDSAT-NORD,Team Nord,BIF,JC-UDSAT,33 66 00 01,team-nord@kk.dk,2024-01-01,,
CALL,Callcenter – hotline for SOF-medarbejdere,BIF,BIF,33 66 33 66,hotline@kk.dk,2009-01-01,,ja
SOF,Socialforvaltningen,SOF,,,,2009-01-01,,
BC-VOKSNE,Borgercenter Voksne,SOF,SOF,33 17 00 00,bcv@kk.dk,2009-01-01,2024-12-31,
RUS,Center for Rusmiddelbehandling,SOF,SOF,33 17 10 00,rus@kk.dk,2025-01-01,,
RUS-TEAM-A,Team A,SOF,RUS,33 17 10 01,rus-a@kk.dk,2025-01-01,,
SOF-INDGANG,SOF Entydig indgang,SOF,SOF,33 17 33 17,indgang@kk.dk,2009-01-01,,ja
SPEC,BIF–SOF Specialenheden,BIF-SOF,,33 66 99 99,specialenheden@kk.dk,2009-06-01,,
`,
  'employees.csv': `id,name,upn,aad_object_id,phone,unit_id,roles,valid_from,valid_to
${PEOPLE.anna.id},${PEOPLE.anna.name},anna.jensen@kk.dk,${PEOPLE.anna.aadObjectId},33 66 01 01,JC-UDSAT-NORD,caseworker,2024-01-01,
${PEOPLE.bo.id},${PEOPLE.bo.name},bo.hansen@kk.dk,${PEOPLE.bo.aadObjectId},,JC-UDSAT-NORD,caseworker,2024-01-01,
${PEOPLE.mads.id},${PEOPLE.mads.name},mads.nielsen@kk.dk,${PEOPLE.mads.aadObjectId},33 17 01 01,BC-VOKSNE,caseworker,2020-01-01,2024-12-31
${PEOPLE.mads.id},${PEOPLE.mads.name},mads.nielsen@kk.dk,${PEOPLE.mads.aadObjectId},33 17 01 01,RUS-TEAM-A,caseworker,2025-01-01,
${PEOPLE.fatima.id},${PEOPLE.fatima.name},fatima.ahmadi@kk.dk,${PEOPLE.fatima.aadObjectId},,SPEC,specialist,2009-06-01,
${PEOPLE.lene.id},${PEOPLE.lene.name},lene.leder@kk.dk,${PEOPLE.lene.aadObjectId},,JC-UDSAT,manager,2024-01-01,
${PEOPLE.hanne.id},${PEOPLE.hanne.name},hanne.hotline@kk.dk,${PEOPLE.hanne.aadObjectId},,CALL,hotline_agent,2024-01-01,
`,
  'citizens.csv': `cpr,name
010190-1234,Birte Fællesborger
150875-1008,Carl Jobparat
030370-3456,Dorthe Kun-SOF
040485-4567,Erik Flytter
010100-1002,Frida Modulus
`,
  'cases.csv': `cpr,administration,unit_id,caseworker_id,category,green_line,valid_from,valid_to
010190-1234,BIF,JC-UDSAT-NORD,${PEOPLE.anna.id},aktivitetsparat,ja,2024-01-01,
010190-1234,SOF,RUS-TEAM-A,${PEOPLE.mads.id},misbrug,ja,2025-01-01,
150875-1008,BIF,JC-UDSAT-NORD,${PEOPLE.bo.id},jobparat,nej,2024-01-01,
030370-3456,SOF,RUS-TEAM-A,${PEOPLE.mads.id},hjemloeshed,nej,2025-01-01,
040485-4567,BIF,JC-UDSAT-NORD,${PEOPLE.anna.id},ny_match_2,nej,2024-01-01,
040485-4567,SOF,BC-VOKSNE,${PEOPLE.mads.id},psykisk_sygdom,nej,2023-01-01,2024-12-31
040485-4567,SOF,RUS-TEAM-A,${PEOPLE.mads.id},psykisk_sygdom,nej,2025-01-01,
010100-1002,BIF,JC-UDSAT-NORD,${PEOPLE.bo.id},aktivitetsparat,nej,2024-01-01,
`,
};

export function writeCsvFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'brobygger-csv-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

const WORLD_NOW = new Date('2025-06-02T10:00:00Z');

function importProblems(report: Awaited<ReturnType<typeof importFolder>>): string {
  return report.ok ? '' : report.problems.map((p) => `${p.file}:${p.line}: ${p.column}: ${p.message}`).join('\n');
}

function worldSource(files: Record<string, string>, now: Date): WorldSource {
  return {
    key: createHash('sha256').update(JSON.stringify([files, now.toISOString()])).digest('hex'),
    sqliteFile: () => worldDatabaseFile(files, now),
    fill: async (store) => {
      const report = await store.importFolder(writeCsvFolder(files), { now });
      if (!report.ok) throw new Error(`world import failed:\n${importProblems(report)}`);
    },
  };
}

/**
 * A fresh store loaded with the world (or other files) through the real importer, on the engine under test: SQLite
 * in memory, or a PostgreSQL database of its own when TEST_STORE_ENGINE=postgres (closed and dropped with the test).
 */
export async function worldStore(files: Record<string, string> = WORLD_CSV, now = WORLD_NOW): Promise<Store> {
  if (worldEngine().kind === 'postgres') return (await worldDatabase(files, now)).open();
  const db = openDatabase(':memory:');
  const report = await importFolder(db, writeCsvFolder(files), { now });
  if (!report.ok) throw new Error(`world import failed:\n${importProblems(report)}`);
  return createStore(db);
}

/**
 * The world's database on the engine under test, for a bot (its `env`) or several stores on it (`open`): a SQLite
 * file, or a PostgreSQL database of its own.
 */
export function worldDatabase(files: Record<string, string> = WORLD_CSV, now = WORLD_NOW): Promise<WorldDatabase> {
  return openWorldDatabase(worldSource(files, now));
}

/** A SQLite store in a temp file, whatever the engine under test (for what only SQLite has: its file, its locks). */
export async function worldDatabaseFile(files: Record<string, string> = WORLD_CSV, now = WORLD_NOW): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'brobygger-db-')), 'brobygger.sqlite');
  const db = openDatabase(path);
  const report = await importFolder(db, writeCsvFolder(files), { now });
  db.close();
  if (!report.ok) throw new Error(`world import failed:\n${importProblems(report)}`);
  return path;
}
