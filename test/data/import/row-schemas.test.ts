import { afterEach, describe, expect, it } from 'vitest';
import { describeCategory } from '../../../bot/categories/describe-category.js';
import { messages } from '../../../bot/i18n/messages.js';
import { sqlColumn, sqlRows } from '../../support/raw-sql.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';
import { emptyStore, expectRefusedIn, importInto, lineOf, removeTempFolders, replaceLine, withLines } from '../import-fixtures.js';

afterEach(removeTempFolders);

/** employees.csv line 3: Bo, with the given unit, roles and period. */
const bo = ({ unit = 'JC-UDSAT-NORD', roles = 'caseworker', from = '2024-01-01', to = '', aad = PEOPLE.bo.aadObjectId as string } = {}) => ({
  'employees.csv': replaceLine(WORLD_CSV['employees.csv'], 3, `E-BO,Bo Hansen,bo.hansen@kk.dk,${aad},,${unit},${roles},${from},${to}`),
});
/** cases.csv line 4: Carl's (bifOnly) case. */
const carl = ({ administration = 'BIF', unit = 'JC-UDSAT-NORD', category = 'jobparat' } = {}) => ({
  'cases.csv': replaceLine(WORLD_CSV['cases.csv'], 4, `150875-1008,${administration},${unit},E-BO,${category},nej,2024-01-01,`),
});

describe('row schemas: dates and periods', () => {
  it.each([
    { name: 'a date that does not exist', cells: { from: '2025-02-30' }, column: 'valid_from', message: 'datoen "2025-02-30" findes ikke' },
    { name: 'a DD-MM-YYYY date that does not exist', cells: { from: '31-04-2025' }, column: 'valid_from', message: 'datoen "31-04-2025" findes ikke' },
    { name: 'a malformed start date', cells: { from: '2025/01/01' }, column: 'valid_from', message: '"2025/01/01" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)' },
    { name: 'a missing start date', cells: { from: '' }, column: 'valid_from', message: 'mangler en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)' },
    {
      name: 'a malformed end date',
      cells: { to: 'snart' },
      column: 'valid_to',
      message: '"snart" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, eller lad feltet stå tomt)',
    },
    { name: 'an end before the start', cells: { from: '2025-01-01', to: '2024-12-31' }, column: 'valid_to', message: 'slutdatoen 2024-12-31 ligger før startdatoen 2025-01-01' },
  ])('refuses $name, naming line and column', async ({ cells, column, message }) => {
    const store = await worldStore();
    await expectRefusedIn(store, bo(cells), [{ file: 'employees.csv', line: 3, column, message }]);
  });

  it('accepts a one-day period and DD-MM-YYYY dates', async () => {
    const store = await worldStore();
    const report = await importInto(store, bo({ from: '01-01-2024', to: '01-01-2024' }), { now: new Date('2025-06-10T10:00:00Z') });
    expect(report.problems).toEqual([]);
    expect(await sqlRows(store, "SELECT valid_from, valid_to FROM employee_versions WHERE employee_id = 'E-BO' AND superseded_at IS NULL")).toEqual([
      { valid_from: '2024-01-01', valid_to: '2024-01-01' },
    ]);
  });
});

describe('row schemas: CPR numbers', () => {
  it.each([
    { cpr: '3201901234', why: 'indeholder ikke en gyldig fødselsdato', shown: '320190-xxxx' },
    { cpr: '320190-1234', why: 'indeholder ikke en gyldig fødselsdato', shown: '320190-xxxx' },
    { cpr: '01019012345', why: 'har 11 cifre, skal have 10', shown: '010190-xxxx' },
    { cpr: '0101901a34', why: 'må kun indeholde cifre (og evt. bindestreg)', shown: '010190-xxxx' },
    { cpr: '0101505234', why: 'har en fødselsdato i fremtiden', shown: '010150-xxxx' },
  ])('refuses $cpr and masks it in the message', async ({ cpr, why, shown }) => {
    const store = await worldStore();
    const report = await expectRefusedIn(store, { 'citizens.csv': withLines(WORLD_CSV['citizens.csv'], `${cpr},Forkert Nummer`) }, [
      { file: 'citizens.csv', line: 7, column: 'cpr', message: `"${shown}" er ikke et gyldigt CPR-nummer: ${why}` },
    ]);
    const digits = cpr.replace(/\D/g, '');
    expect(report.problems[0]!.message).not.toContain(digits.slice(0, 10));
    expect(report.problems[0]!.message).not.toMatch(/\d{6}-?\d{4}/);
  });

  it.each([
    { cpr: '150875-1009x', message: '"150875-xxxx" er ikke et gyldigt CPR-nummer: må kun indeholde cifre (og evt. bindestreg)' },
    { cpr: '320190-1234', message: '"320190-xxxx" er ikke et gyldigt CPR-nummer: indeholder ikke en gyldig fødselsdato' },
  ])('masks an invalid CPR ($cpr) in cases.csv as well', async ({ cpr, message }) => {
    const store = await worldStore();
    const cases = replaceLine(WORLD_CSV['cases.csv'], 4, `${cpr},BIF,JC-UDSAT-NORD,E-BO,jobparat,nej,2024-01-01,`);
    await expectRefusedIn(store, { 'cases.csv': cases }, [{ file: 'cases.csv', line: 4, column: 'cpr', message }]);
  });
});

describe('row schemas: categories, roles and other cells', () => {
  it('refuses a BIF case with an SOF target group', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, carl({ category: 'misbrug' }), [
      { file: 'cases.csv', line: 4, column: 'category', message: '"misbrug" er en SOF-målgruppe; en BIF-sag skal have en matchgruppe eller jobparat/aktivitetsparat/uddannelsesparat' },
    ]);
  });

  it('refuses a category nobody uses', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, carl({ category: 'blå' }), [
      {
        file: 'cases.csv',
        line: 4,
        column: 'category',
        message:
          'ukendt kategori "blå" (BIF: gammel_match_1, gammel_match_2, gammel_match_3, gammel_match_4, gammel_match_5, ny_match_1, ny_match_2, ny_match_3, jobparat, aktivitetsparat, uddannelsesparat eller matchgruppe 1–5; SOF: misbrug, psykisk_sygdom, handicap, hjemloeshed, socialt_udsat, andet)',
      },
    ]);
  });

  it('stores bare match-group numbers by the scheme in force on the case start, and shows them with their equivalents', async () => {
    const store = await emptyStore();
    const cases = withLines(
      replaceLine(WORLD_CSV['cases.csv'], 4, '150875-1008,BIF,JC-UDSAT-NORD,,2,nej,2009-01-01,2010-03-31'),
      '150875-1008,BIF,JC-UDSAT-NORD,,2,nej,2010-04-01,2012-12-31',
      '150875-1008,BIF,JC-UDSAT-NORD,,match 5,nej,2013-01-01,2023-12-31',
      `150875-1008,BIF,JC-UDSAT-NORD,${PEOPLE.bo.id},matchgruppe 4,nej,2024-01-01,`,
    );
    const report = await importInto(store, { ...WORLD_CSV, 'cases.csv': cases });
    expect(report.problems).toEqual([]);
    const stored = await sqlRows(store, 'SELECT valid_from, category FROM case_versions WHERE cpr = @cpr AND superseded_at IS NULL ORDER BY valid_from', { cpr: CITIZENS.bifOnly });
    expect(stored).toEqual([
      { valid_from: '2009-01-01', category: 'gammel_match_2' },
      { valid_from: '2010-04-01', category: 'ny_match_2' },
      { valid_from: '2013-01-01', category: 'gammel_match_5' },
      { valid_from: '2024-01-01', category: 'gammel_match_4' },
    ]);
    expect(describeCategory('gammel_match_4', messages('da'))).toEqual({ stored: 'Gammel matchgruppe 4', mapped: 'svarer til ny matchgruppe 2 / aktivitetsparat' });
  });

  it('refuses a bare match group on an SOF case', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, carl({ administration: 'SOF', unit: 'RUS-TEAM-A', category: '4' }), [
      { file: 'cases.csv', line: 4, column: 'category', message: '"gammel_match_4" er en BIF-kategori; en SOF-sag skal have en målgruppe (misbrug, psykisk_sygdom, handicap, hjemloeshed, socialt_udsat, andet)' },
    ]);
  });

  it('refuses an unknown role', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, bo({ roles: 'caseworker|chef' }), [
      { file: 'employees.csv', line: 3, column: 'roles', message: 'ukendt rolle: "chef" (tilladt: caseworker, specialist, hotline_agent, manager, admin, contact_person)' },
    ]);
  });

  it('stores roles sorted, lower-case and without repeats', async () => {
    const store = await worldStore();
    await importInto(store, bo({ roles: ' Manager | caseworker|manager' }), { now: new Date('2025-06-10T10:00:00Z') });
    expect(await sqlColumn(store, "SELECT roles FROM employee_versions WHERE employee_id = 'E-BO' AND superseded_at IS NULL ORDER BY valid_from")).toEqual([
      'caseworker',
      'caseworker|manager',
    ]);
  });

  it('refuses a malformed Entra ID object id', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, bo({ aad: 'bo' }), [
      { file: 'employees.csv', line: 3, column: 'aad_object_id', message: '"bo" er ikke et Entra ID-objekt-id (GUID som 00000000-0000-0000-0000-000000000000)' },
    ]);
  });

  it('refuses a unit that is its own parent', async () => {
    const store = await worldStore();
    const units = replaceLine(WORLD_CSV['units.csv'], 4, lineOf(WORLD_CSV['units.csv'], 4).replace(',JC-UDSAT,', ',JC-UDSAT-NORD,'));
    await expectRefusedIn(store, { 'units.csv': units }, [{ file: 'units.csv', line: 4, column: 'parent_id', message: 'en enhed kan ikke være sin egen overordnede' }]);
  });

  it('lists every problem of every file, in file and line order', async () => {
    const store = await worldStore();
    await expectRefusedIn(
      store,
      {
        'cases.csv': replaceLine(WORLD_CSV['cases.csv'], 2, `${CITIZENS.shared},BIF,JC-UDSAT-NORD,E-ANNA,aktivitetsparat,jo,2024-01-01,`),
        ...bo({ roles: 'boss' }),
        'units.csv': replaceLine(WORLD_CSV['units.csv'], 11, 'SPEC,,BIF-SOF,,33 66 99 99,specialenheden@kk,2009-06-01,,'),
      },
      [
        { file: 'units.csv', line: 11, column: 'name', message: 'mangler et navn' },
        { file: 'units.csv', line: 11, column: 'email', message: '"specialenheden@kk" er ikke en e-mailadresse' },
        { file: 'employees.csv', line: 3, column: 'roles', message: 'ukendt rolle: "boss" (tilladt: caseworker, specialist, hotline_agent, manager, admin, contact_person)' },
        { file: 'cases.csv', line: 2, column: 'green_line', message: '"jo" skal være ja eller nej' },
      ],
    );
  });
});
