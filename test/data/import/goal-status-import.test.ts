import { afterEach, describe, expect, it } from 'vitest';
import { sqlRows, sqlValue } from '../../support/raw-sql.js';
import { CITIZENS, worldStore } from '../../support/world.js';
import { at, expectRefusedIn, importInto, removeTempFolders, storeVersionsOf } from '../import-fixtures.js';

afterEach(removeTempFolders);

const PLANS = 'cpr,offered_date,outcome,completed_date';
const ACTIVATIONS = 'cpr,from,to,type';
const TARGETS = 'kind,valid_from,valid_to,value';
const csv = (header: string, ...rows: string[]) => `${[header, ...rows].join('\n')}\n`;

/** The world's shared citizen (010190-1234) and Carl (150875-1008), as the files would write them. */
const BIRTE = '010190-1234';
const CARL = '150875-1008';

describe('action_plans.csv', () => {
  it.each([
    {
      name: 'an outcome that is neither accepted nor declined',
      row: `${BIRTE},2025-03-01,maybe,`,
      column: 'outcome',
      message: '"maybe" er ikke et udfald; brug accepted (borgeren tog imod tilbuddet) eller declined (borgeren sagde nej; procesnotat)',
    },
    { name: 'an offer date that does not exist', row: `${BIRTE},2025-02-30,accepted,`, column: 'offered_date', message: 'datoen "2025-02-30" findes ikke' },
    { name: 'a malformed offer date', row: `${BIRTE},i går,accepted,`, column: 'offered_date', message: '"i går" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)' },
    {
      name: 'a completion before the offer',
      row: `${BIRTE},2025-03-01,accepted,2025-02-28`,
      column: 'completed_date',
      message: 'afslutningsdatoen 2025-02-28 ligger før tilbudsdatoen 2025-03-01',
    },
    { name: 'a CPR number with no real birth date', row: '320190-1234,2025-03-01,accepted,', column: 'cpr', message: '"320190-xxxx" er ikke et gyldigt CPR-nummer: indeholder ikke en gyldig fødselsdato' },
    { name: 'a CPR number with 9 digits', row: '010190-123,2025-03-01,accepted,', column: 'cpr', message: '"010190-xxxx" er ikke et gyldigt CPR-nummer: har 9 cifre, skal have 10' },
    { name: 'a citizen Brobygger does not know', row: '050595-5678,2025-03-01,accepted,', column: 'cpr', message: 'borgeren 050595-xxxx findes hverken i citizens.csv eller i databasen' },
  ])('refuses $name, naming line and column, and writes nothing', async ({ row, column, message }) => {
    const store = await worldStore();
    await expectRefusedIn(store, { 'action_plans.csv': csv(PLANS, `${CARL},2025-01-15,declined,`, row) }, [{ file: 'action_plans.csv', line: 3, column, message }]);
  });

  it('refuses the same offer twice (same citizen, same date)', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, { 'action_plans.csv': csv(PLANS, `${BIRTE},2025-03-01,accepted,`, `0101901234,2025-03-01,declined,`) }, [
      { file: 'action_plans.csv', line: 3, column: 'cpr, offered_date', message: '010190-xxxx står allerede på linje 2 (dobbelt række)' },
    ]);
  });

  it('stores an offer as a one-day fact; the same file again changes nothing; a new outcome corrects it, keeping history', async () => {
    const store = await worldStore();
    const first = await importInto(store, { 'action_plans.csv': csv(PLANS, `${BIRTE},2025-03-01,accepted,`, `${BIRTE},2025-04-01,Declined,`) }, { now: at('2025-06-10') });
    expect(first.files).toEqual([{ file: 'action_plans.csv', rows: 2, rejected: 0, added: 2, changed: 0, unchanged: 0, ended: 0, inForceBefore: 0 }]);
    expect(await storeVersionsOf(store, 'action_plan_versions', { cpr: CITIZENS.shared }, ['outcome'])).toEqual([
      { outcome: 'accepted', source_from: '2025-03-01', valid_from: '2025-03-01', valid_to: '2025-03-01', superseded_at: null, import_run_id: 2 },
      { outcome: 'declined', source_from: '2025-04-01', valid_from: '2025-04-01', valid_to: '2025-04-01', superseded_at: null, import_run_id: 2 },
    ]);
    const again = await importInto(store, { 'action_plans.csv': csv(PLANS, `${BIRTE},2025-03-01,accepted,`, `${BIRTE},2025-04-01,declined,`) }, { now: at('2025-06-11') });
    expect(again.files[0]).toMatchObject({ added: 0, changed: 0, unchanged: 2 });
    // The April offer is corrected to accepted with a completion date; the March offer is left out of the file and stays.
    const corrected = await importInto(store, { 'action_plans.csv': csv(PLANS, `${BIRTE},2025-04-01,accepted,2025-05-02`) }, { now: at('2025-06-12') });
    expect(corrected.files[0]).toMatchObject({ added: 0, changed: 1, ended: 0 });
    expect(await store.goalStatus.offers('2025-01-01', '2025-12-31')).toEqual({ offered: 2, declined: 0 });
    expect(await sqlValue(store, 'SELECT count(*) FROM action_plan_versions WHERE superseded_at IS NOT NULL')).toBe(1);
  });
});

describe('activations.csv', () => {
  it.each([
    { name: 'an end before the start', row: `${BIRTE},2025-02-01,2025-01-01,løntilskud`, column: 'to', message: 'slutdatoen 2025-01-01 ligger før startdatoen 2025-02-01' },
    { name: 'a start date that does not exist', row: `${BIRTE},2025-04-31,,løntilskud`, column: 'from', message: 'datoen "2025-04-31" findes ikke' },
    { name: 'a malformed end date', row: `${BIRTE},2025-02-01,snart,løntilskud`, column: 'to', message: '"snart" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, eller lad feltet stå tomt)' },
    { name: 'a missing type', row: `${BIRTE},2025-02-01,, `, column: 'type', message: 'mangler en aktiveringstype (fx virksomhedspraktik eller løntilskud)' },
    { name: 'a bad CPR number', row: '0101901a34,2025-02-01,,løntilskud', column: 'cpr', message: '"010190-xxxx" er ikke et gyldigt CPR-nummer: må kun indeholde cifre (og evt. bindestreg)' },
  ])('refuses $name', async ({ row, column, message }) => {
    const store = await worldStore();
    await expectRefusedIn(store, { 'activations.csv': csv(ACTIVATIONS, row) }, [{ file: 'activations.csv', line: 2, column, message }]);
  });

  it('refuses two overlapping periods of the same type for one citizen, naming the file’s own column', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, { 'activations.csv': csv(ACTIVATIONS, `${BIRTE},2025-01-01,2025-03-31,Løntilskud`, `${BIRTE},2025-03-01,,løntilskud`) }, [
      { file: 'activations.csv', line: 3, column: 'from', message: 'perioden overlapper linje 2 for samme cpr, type' },
    ]);
  });

  it('is all or nothing across files: one bad activation keeps a good action_plans.csv out too', async () => {
    const store = await worldStore();
    await expectRefusedIn(
      store,
      { 'action_plans.csv': csv(PLANS, `${BIRTE},2025-03-01,accepted,`), 'activations.csv': csv(ACTIVATIONS, `${BIRTE},2025-02-01,2025-01-01,løntilskud`) },
      [{ file: 'activations.csv', line: 2, column: 'to', message: 'slutdatoen 2025-01-01 ligger før startdatoen 2025-02-01' }],
    );
  });

  it('is the full picture: an ongoing activation the file no longer lists ends the day before the import', async () => {
    const store = await worldStore();
    await importInto(store, { 'activations.csv': csv(ACTIVATIONS, `${BIRTE},2025-01-01,,løntilskud`, `${CARL},2025-02-01,,virksomhedspraktik`) }, { now: at('2025-06-10') });
    const report = await importInto(store, { 'activations.csv': csv(ACTIVATIONS, `${CARL},2025-02-01,,virksomhedspraktik`) }, { now: at('2025-07-01') });
    expect(report.files[0]).toMatchObject({ added: 0, unchanged: 1, ended: 1 });
    expect(await sqlRows(store, 'SELECT valid_from, valid_to FROM activation_versions WHERE cpr = @cpr AND superseded_at IS NULL', { cpr: CITIZENS.shared })).toEqual([
      { valid_from: '2025-01-01', valid_to: '2025-06-30' },
    ]);
  });
});

describe('goal_targets.csv', () => {
  it.each([
    {
      name: 'a kind of goal it does not know',
      row: 'handleplaner,2025-01-01,,1000',
      column: 'kind',
      message: '"handleplaner" er ikke et mål; brug action_plan_offers (antal tilbud om social handleplan pr. år) eller activation_rate (aktiveringsgrad i procent)',
    },
    { name: 'a value that is not a number', row: 'action_plan_offers,2025-01-01,,mange', column: 'value', message: '"mange" er ikke et tal (fx 1500 eller 42,5)' },
    { name: 'a number of offers with a thousands separator', row: 'action_plan_offers,2025-01-01,,1.500', column: 'value', message: 'antal tilbud skal være et helt tal uden punktum eller komma (fx 1500)' },
    { name: 'a rate over 100 %', row: 'activation_rate,2025-01-01,,120', column: 'value', message: 'aktiveringsgraden er i procent og kan højst være 100, ikke 120' },
    { name: 'an end before the start', row: 'activation_rate,2025-01-01,2024-12-31,50', column: 'valid_to', message: 'slutdatoen 2024-12-31 ligger før startdatoen 2025-01-01' },
  ])('refuses $name', async ({ row, column, message }) => {
    const store = await worldStore();
    await expectRefusedIn(store, { 'goal_targets.csv': csv(TARGETS, row) }, [{ file: 'goal_targets.csv', line: 2, column, message }]);
  });

  it('refuses two targets of one kind for the same time', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, { 'goal_targets.csv': csv(TARGETS, 'activation_rate,2025-01-01,,50', 'activation_rate,2026-01-01,2026-12-31,55') }, [
      { file: 'goal_targets.csv', line: 3, column: 'valid_from', message: 'perioden overlapper linje 2 for samme kind' },
    ]);
  });

  it('starts from the strategy’s targets; a new target from a year on ends the open-ended one the day before', async () => {
    const store = await worldStore();
    const goals = store.goalStatus;
    expect([await goals.targetOn('action_plan_offers', '2009-12-31'), await goals.targetOn('action_plan_offers', '2010-06-30'), await goals.targetOn('action_plan_offers', '2026-10-31')]).toEqual([1000, 1000, 1500]);
    expect([await goals.targetOn('activation_rate', '2009-12-31'), await goals.targetOn('activation_rate', '2010-06-30'), await goals.targetOn('activation_rate', '2026-10-31')]).toEqual([40, 40, 50]);
    const report = await importInto(store, { 'goal_targets.csv': csv(TARGETS, 'activation_rate,2026-01-01,,"42,5"') }, { now: at('2026-02-01') });
    expect(report.files[0]).toMatchObject({ added: 1, ended: 2 });
    expect([await goals.targetOn('activation_rate', '2025-12-31'), await goals.targetOn('activation_rate', '2026-01-01'), await goals.targetOn('activation_rate', '2040-01-01')]).toEqual([50, 42.5, 42.5]);
    // The file is the full list: action_plan_offers is no longer listed, so its open-ended target ended on 31 January.
    expect([await goals.targetOn('action_plan_offers', '2026-01-31'), await goals.targetOn('action_plan_offers', '2026-02-01'), await goals.targetOn('action_plan_offers', '2010-06-30')]).toEqual([1500, null, 1000]);
  });

  it('takes a new year’s target ahead of time when the file ends the current one on 31 December', async () => {
    const store = await worldStore();
    const goals = store.goalStatus;
    const file = csv(
      TARGETS,
      'action_plan_offers,2009-01-01,2009-12-31,1000',
      'action_plan_offers,2010-01-01,2010-12-31,1000',
      'action_plan_offers,2011-01-01,2025-12-31,1500',
      'action_plan_offers,2026-01-01,,1800',
      'activation_rate,2009-01-01,2009-12-31,40',
      'activation_rate,2010-01-01,2010-12-31,40',
      'activation_rate,2011-01-01,,50',
    );
    const report = await importInto(store, { 'goal_targets.csv': file }, { now: at('2025-12-10') });
    expect(report.files[0]).toMatchObject({ added: 1, changed: 1, unchanged: 5, ended: 0 });
    expect([await goals.targetOn('action_plan_offers', '2025-12-31'), await goals.targetOn('action_plan_offers', '2026-01-01'), await goals.targetOn('activation_rate', '2026-12-31')]).toEqual([1500, 1800, 50]);
  });
});
