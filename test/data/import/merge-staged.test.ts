import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';
import {
  at,
  emptyStore,
  importInto,
  removeTempFolders,
  replaceLine,
  storeChecksum,
  storeOverlappingVersions,
  storeVersionRowCounts,
  storeVersionsOf,
  VERSION_TABLES,
  withoutLines,
} from '../import-fixtures.js';

afterEach(removeTempFolders);

const CASE_KEY = ['cpr', 'administration', 'unit_id'];
const casesWith = (line: number, text: string) => ({ 'cases.csv': replaceLine(WORLD_CSV['cases.csv'], line, text) });
/** cases.csv line 4: Carl's (bifOnly) BIF case, caseworker Bo. */
const carlsCase = (caseworker: string, validTo = '') => casesWith(4, `150875-1008,BIF,JC-UDSAT-NORD,${caseworker},jobparat,nej,2024-01-01,${validTo}`);
const carlsVersions = (store: Store) => storeVersionsOf(store, 'case_versions', { cpr: CITIZENS.bifOnly, administration: 'BIF' }, ['caseworker_id']);
const countsOf = (report: { files: { file: string; added?: number; changed?: number; unchanged?: number; ended?: number }[] }, file: string) => {
  const found = report.files.find((entry) => entry.file === file);
  return found && { added: found.added, changed: found.changed, unchanged: found.unchanged, ended: found.ended };
};

describe('planMerge: a changed row', () => {
  it('closes the old version the day before the import and opens a new one from the import date', async () => {
    const store = await worldStore();
    const report = await importInto(store, carlsCase(PEOPLE.anna.id), { now: at('2025-06-10') });
    expect(report.ok).toBe(true);
    expect(countsOf(report, 'cases.csv')).toEqual({ added: 0, changed: 1, unchanged: 7, ended: 0 });
    expect(await carlsVersions(store)).toEqual([
      { caseworker_id: 'E-BO', source_from: '2024-01-01', valid_from: '2024-01-01', valid_to: null, superseded_at: '2025-06-10T10:00:00.000Z', import_run_id: 1 },
      { caseworker_id: 'E-BO', source_from: '2024-01-01', valid_from: '2024-01-01', valid_to: '2025-06-09', superseded_at: null, import_run_id: 2 },
      { caseworker_id: 'E-ANNA', source_from: '2024-01-01', valid_from: '2025-06-10', valid_to: null, superseded_at: null, import_run_id: 2 },
    ]);
    const cases = store.cases;
    const bif = async (asOf: string) => (await cases.openCasesOf(CITIZENS.bifOnly, asOf)).map((c) => [c.caseworkerName, c.openedOn, c.validFrom, c.validTo]);
    expect(await bif('2025-06-09')).toEqual([['Bo Hansen', '2024-01-01', '2024-01-01', '2025-06-09']]);
    expect(await bif('2025-06-10')).toEqual([['Anna Jensen', '2024-01-01', '2025-06-10', null]]);
    expect(await bif('2024-03-01')).toEqual([['Bo Hansen', '2024-01-01', '2024-01-01', '2025-06-09']]);
  });

  it.each([
    { instant: '2025-06-09T22:30:00Z', today: '2025-06-10', yesterday: '2025-06-09', world: '2025-06-02' },
    { instant: '2024-12-31T23:30:00Z', today: '2025-01-01', yesterday: '2024-12-31', world: '2024-06-02' },
  ])('dates the change by the Copenhagen calendar: $instant is $today', async ({ instant, today, yesterday, world }) => {
    const store = await emptyStore();
    await importInto(store, WORLD_CSV, { now: at(world) });
    await importInto(store, carlsCase(PEOPLE.anna.id), { now: new Date(instant) });
    expect((await carlsVersions(store)).map((v) => [v.caseworker_id, v.valid_from, v.valid_to, v.superseded_at !== null])).toEqual([
      ['E-BO', '2024-01-01', null, true],
      ['E-BO', '2024-01-01', yesterday, false],
      ['E-ANNA', today, null, false],
    ]);
  });

  it('is unchanged when the changed file is imported again', async () => {
    const store = await worldStore();
    await importInto(store, carlsCase(PEOPLE.anna.id), { now: at('2025-06-10') });
    const before = await storeChecksum(store, VERSION_TABLES);
    const again = await importInto(store, carlsCase(PEOPLE.anna.id), { now: at('2025-06-20') });
    expect(countsOf(again, 'cases.csv')).toEqual({ added: 0, changed: 0, unchanged: 8, ended: 0 });
    expect(await storeChecksum(store, VERSION_TABLES)).toBe(before);
  });

  it('keeps one current version per day when the same fact changes twice on one day', async () => {
    const store = await worldStore();
    await importInto(store, carlsCase(PEOPLE.anna.id), { now: new Date('2025-06-10T07:00:00Z') });
    await importInto(store, carlsCase(PEOPLE.lene.id), { now: new Date('2025-06-10T12:00:00Z') });
    expect((await carlsVersions(store)).filter((v) => v.superseded_at === null).map((v) => [v.caseworker_id, v.valid_from, v.valid_to])).toEqual([
      ['E-BO', '2024-01-01', '2025-06-09'],
      ['E-LENE', '2025-06-10', null],
    ]);
    expect(await carlsVersions(store)).toHaveLength(4);
    expect(await storeOverlappingVersions(store, 'case_versions', CASE_KEY)).toBe(0);
  });

  it('replaces a fact that has not started yet outright (a correction, no closed copy)', async () => {
    const store = await emptyStore();
    await importInto(store, WORLD_CSV, { now: at('2024-06-02') });
    await importInto(store, casesWith(5, `030370-3456,SOF,RUS-TEAM-A,${PEOPLE.mads.id},socialt_udsat,nej,2025-01-01,`), { now: at('2024-07-01') });
    expect(await storeVersionsOf(store, 'case_versions', { cpr: CITIZENS.sofOnly }, ['category'])).toEqual([
      { category: 'hjemloeshed', source_from: '2025-01-01', valid_from: '2025-01-01', valid_to: null, superseded_at: '2024-07-01T10:00:00.000Z', import_run_id: 1 },
      { category: 'socialt_udsat', source_from: '2025-01-01', valid_from: '2025-01-01', valid_to: null, superseded_at: null, import_run_id: 2 },
    ]);
  });

  it("closes a citizen's old name the day before a rename", async () => {
    const store = await worldStore();
    const report = await importInto(store, { 'citizens.csv': replaceLine(WORLD_CSV['citizens.csv'], 5, '040485-4567,Erik Flyttermand') }, { now: at('2025-06-10') });
    expect(countsOf(report, 'citizens.csv')).toEqual({ added: 0, changed: 1, unchanged: 4, ended: 0 });
    expect(await storeVersionsOf(store, 'citizen_versions', { cpr: CITIZENS.moved }, ['name'])).toEqual([
      { name: 'Erik Flytter', source_from: '0001-01-01', valid_from: '0001-01-01', valid_to: null, superseded_at: '2025-06-10T10:00:00.000Z', import_run_id: 1 },
      { name: 'Erik Flytter', source_from: '0001-01-01', valid_from: '0001-01-01', valid_to: '2025-06-09', superseded_at: null, import_run_id: 2 },
      { name: 'Erik Flyttermand', source_from: '0001-01-01', valid_from: '2025-06-10', valid_to: null, superseded_at: null, import_run_id: 2 },
    ]);
    const citizens = store.citizens;
    expect(await citizens.nameOf(CITIZENS.moved, '2025-06-09')).toBe('Erik Flytter');
    expect(await citizens.nameOf(CITIZENS.moved, '2025-06-10')).toBe('Erik Flyttermand');
  });
});

describe('planMerge: facts that end', () => {
  it('closes a case on the valid_to the file gives', async () => {
    const store = await worldStore();
    const report = await importInto(store, carlsCase(PEOPLE.bo.id, '2025-06-30'), { now: at('2025-06-10') });
    expect(countsOf(report, 'cases.csv')).toEqual({ added: 0, changed: 1, unchanged: 7, ended: 0 });
    expect(await storeVersionsOf(store, 'case_versions', { cpr: CITIZENS.bifOnly }, ['caseworker_id', 'source_to'])).toEqual([
      { caseworker_id: 'E-BO', source_to: null, source_from: '2024-01-01', valid_from: '2024-01-01', valid_to: null, superseded_at: '2025-06-10T10:00:00.000Z', import_run_id: 1 },
      { caseworker_id: 'E-BO', source_to: '2025-06-30', source_from: '2024-01-01', valid_from: '2024-01-01', valid_to: '2025-06-30', superseded_at: null, import_run_id: 2 },
    ]);
    const cases = store.cases;
    expect(await cases.hasOpenCaseIn(CITIZENS.bifOnly, 'BIF', '2025-06-30')).toBe(true);
    expect(await cases.hasOpenCaseIn(CITIZENS.bifOnly, 'BIF', '2025-07-01')).toBe(false);
  });

  it('ends a case that cases.csv no longer lists the day before the import', async () => {
    const store = await worldStore();
    const report = await importInto(store, { 'cases.csv': withoutLines(WORLD_CSV['cases.csv'], 5) }, { now: at('2025-06-10') });
    expect(report.files).toEqual([{ file: 'cases.csv', rows: 7, rejected: 0, added: 0, changed: 0, unchanged: 7, ended: 1, inForceBefore: 7 }]);
    expect(await storeVersionsOf(store, 'case_versions', { cpr: CITIZENS.sofOnly }, ['source_to'])).toEqual([
      { source_to: null, source_from: '2025-01-01', valid_from: '2025-01-01', valid_to: null, superseded_at: '2025-06-10T10:00:00.000Z', import_run_id: 1 },
      { source_to: '2025-06-09', source_from: '2025-01-01', valid_from: '2025-01-01', valid_to: '2025-06-09', superseded_at: null, import_run_id: 2 },
    ]);
    const cases = store.cases;
    expect(await cases.openCasesOf(CITIZENS.sofOnly, '2025-06-09')).toHaveLength(1);
    expect(await cases.openCasesOf(CITIZENS.sofOnly, '2025-06-10')).toEqual([]);
  });

  it('leaves a fact alone that had already ended when the file stops listing it', async () => {
    const store = await worldStore();
    const before = await storeChecksum(store, VERSION_TABLES);
    const report = await importInto(store, { 'cases.csv': withoutLines(WORLD_CSV['cases.csv'], 7) }, { now: at('2025-06-10') });
    expect(countsOf(report, 'cases.csv')).toEqual({ added: 0, changed: 0, unchanged: 7, ended: 0 });
    expect(await storeChecksum(store, VERSION_TABLES)).toBe(before);
    expect((await store.cases.openCasesOf(CITIZENS.moved, '2024-12-31')).map((c) => c.unitId)).toEqual(['JC-UDSAT-NORD', 'BC-VOKSNE']);
  });

  it('withdraws a fact that had not started yet when the file stops listing it', async () => {
    const store = await emptyStore();
    await importInto(store, WORLD_CSV, { now: at('2024-06-02') });
    const report = await importInto(store, { 'cases.csv': withoutLines(WORLD_CSV['cases.csv'], 5) }, { now: at('2024-07-01') });
    expect(countsOf(report, 'cases.csv')).toMatchObject({ ended: 1 });
    expect(await storeVersionsOf(store, 'case_versions', { cpr: CITIZENS.sofOnly })).toEqual([
      { source_from: '2025-01-01', valid_from: '2025-01-01', valid_to: null, superseded_at: '2024-07-01T10:00:00.000Z', import_run_id: 1 },
    ]);
    expect(await store.cases.openCasesOf(CITIZENS.sofOnly, '2025-06-01')).toEqual([]);
  });

  it("ends an employee's old period the day before the new row starts when that is before the import", async () => {
    const store = await worldStore();
    const employees = replaceLine(WORLD_CSV['employees.csv'], 3, `E-BO,Bo Hansen,bo.hansen@kk.dk,${PEOPLE.bo.aadObjectId},,JC-UDSAT,caseworker,2025-06-01,`);
    const report = await importInto(store, { 'employees.csv': employees }, { now: at('2025-06-10') });
    expect(countsOf(report, 'employees.csv')).toEqual({ added: 1, changed: 0, unchanged: 6, ended: 1 });
    expect(await storeVersionsOf(store, 'employee_versions', { employee_id: 'E-BO' }, ['unit_id'])).toEqual([
      { unit_id: 'JC-UDSAT-NORD', source_from: '2024-01-01', valid_from: '2024-01-01', valid_to: null, superseded_at: '2025-06-10T10:00:00.000Z', import_run_id: 1 },
      { unit_id: 'JC-UDSAT-NORD', source_from: '2024-01-01', valid_from: '2024-01-01', valid_to: '2025-05-31', superseded_at: null, import_run_id: 2 },
      { unit_id: 'JC-UDSAT', source_from: '2025-06-01', valid_from: '2025-06-01', valid_to: null, superseded_at: null, import_run_id: 2 },
    ]);
    expect((await store.employees.findByAadObjectId(PEOPLE.bo.aadObjectId, '2025-05-31'))?.unitId).toBe('JC-UDSAT-NORD');
    expect(await store.employees.findByAadObjectId(PEOPLE.bo.aadObjectId, '2025-06-01')).toMatchObject({ unitId: 'JC-UDSAT', unitName: 'Jobcenter København – udsatte borgere' });
    expect(await storeOverlappingVersions(store, 'employee_versions', ['employee_id'])).toBe(0);
  });

  // PRODUCT BUG (see report): the old fact is absent, but the file's next fact for the key starts *before* it, so
  // merge-staged.ts ends it only the day before the import; both periods are then current and the case is open twice.
  it('does not keep a case open twice when the source moves its start to an earlier date', async () => {
    const store = await worldStore();
    const report = await importInto(store, casesWith(4, '150875-1008,BIF,JC-UDSAT-NORD,E-BO,jobparat,nej,2023-06-01,'), { now: at('2025-06-10') });
    expect(report.ok).toBe(true);
    expect(await storeOverlappingVersions(store, 'case_versions', CASE_KEY)).toBe(0);
    const cases = store.cases;
    expect((await cases.openCasesOf(CITIZENS.bifOnly, '2023-06-01')).map((c) => c.openedOn)).toEqual(['2023-06-01']);
    expect((await cases.openCasesOf(CITIZENS.bifOnly, '2025-01-01')).map((c) => c.openedOn)).toEqual(['2023-06-01']);
    expect((await cases.openCasesOf(CITIZENS.bifOnly, '2025-06-10')).map((c) => c.openedOn)).toEqual(['2023-06-01']);
  });

  it('never ends a citizen that citizens.csv leaves out', async () => {
    const store = await worldStore();
    const report = await importInto(store, { 'citizens.csv': withoutLines(WORLD_CSV['citizens.csv'], 6) }, { now: at('2025-06-10') });
    expect(countsOf(report, 'citizens.csv')).toEqual({ added: 0, changed: 0, unchanged: 4, ended: 0 });
    expect(await storeVersionsOf(store, 'citizen_versions', { cpr: CITIZENS.mod11Fail }, ['name'])).toEqual([
      { name: 'Frida Modulus', source_from: '0001-01-01', valid_from: '0001-01-01', valid_to: null, superseded_at: null, import_run_id: 1 },
    ]);
    expect(await store.citizens.nameOf(CITIZENS.mod11Fail, '2030-01-01')).toBe('Frida Modulus');
    expect((await storeVersionRowCounts(store)).citizen_versions).toBe(5);
  });
});
