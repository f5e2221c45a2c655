import { afterEach, describe, expect, it } from 'vitest';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';
import { emptyStore, expectRefusedIn, importInto, lineOf, removeTempFolders, replaceLine, withLines } from '../import-fixtures.js';

afterEach(removeTempFolders);

const ADMINISTRATIONS = 'BIF, BIF-SOF, BUF, KFF, SOF, SUF, TMF, ØKF';

describe('checkDuplicatesAndOverlaps', () => {
  it('refuses the same employee with the same valid_from twice', async () => {
    const store = await worldStore();
    const employees = withLines(WORLD_CSV['employees.csv'], lineOf(WORLD_CSV['employees.csv'], 2));
    await expectRefusedIn(store, { 'employees.csv': employees }, [{ file: 'employees.csv', line: 9, column: 'id', message: '"E-ANNA" står allerede på linje 2 (dobbelt række)' }]);
  });

  it('refuses overlapping periods for the same employee', async () => {
    const store = await worldStore();
    const employees = replaceLine(WORLD_CSV['employees.csv'], 4, lineOf(WORLD_CSV['employees.csv'], 4).replace(/2024-12-31$/, '2025-01-01'));
    await expectRefusedIn(store, { 'employees.csv': employees }, [{ file: 'employees.csv', line: 5, column: 'valid_from', message: 'perioden overlapper linje 4 for samme id' }]);
  });

  it('accepts periods that meet without overlapping', async () => {
    const store = await emptyStore();
    expect((await importInto(store, WORLD_CSV)).problems).toEqual([]);
    expect(lineOf(WORLD_CSV['employees.csv'], 4)).toMatch(/2020-01-01,2024-12-31$/);
    expect(lineOf(WORLD_CSV['employees.csv'], 5)).toMatch(/2025-01-01,$/);
  });

  it('refuses a citizen listed twice, whatever the CPR spelling, with the CPR masked', async () => {
    const store = await worldStore();
    const citizens = withLines(WORLD_CSV['citizens.csv'], `${CITIZENS.shared},Birte Igen`);
    await expectRefusedIn(store, { 'citizens.csv': citizens }, [{ file: 'citizens.csv', line: 7, column: 'cpr', message: '010190-xxxx står allerede på linje 2 (dobbelt række)' }]);
  });

  it('refuses a case listed twice and overlapping cases of the same key', async () => {
    const store = await worldStore();
    const cases = withLines(
      WORLD_CSV['cases.csv'],
      lineOf(WORLD_CSV['cases.csv'], 4),
      `150875-1008,BIF,JC-UDSAT-NORD,${PEOPLE.bo.id},jobparat,nej,2025-01-01,`,
    );
    await expectRefusedIn(store, { 'cases.csv': cases }, [
      { file: 'cases.csv', line: 10, column: 'cpr, administration, unit_id', message: '150875-xxxx står allerede på linje 4 (dobbelt række)' },
      { file: 'cases.csv', line: 11, column: 'valid_from', message: 'perioden overlapper linje 4 for samme cpr, administration, unit_id' },
    ]);
  });

  it('refuses one Entra ID object id on two employees in the same period', async () => {
    const store = await worldStore();
    const employees = replaceLine(WORLD_CSV['employees.csv'], 3, lineOf(WORLD_CSV['employees.csv'], 3).replace(PEOPLE.bo.aadObjectId, PEOPLE.anna.aadObjectId.toUpperCase()));
    await expectRefusedIn(store, { 'employees.csv': employees }, [
      { file: 'employees.csv', line: 3, column: 'aad_object_id', message: 'samme Entra ID-objekt-id bruges af medarbejder "E-ANNA" på linje 2 i samme periode' },
    ]);
  });
});

describe('checkReferences', () => {
  it('refuses a unit with an unknown administration or parent', async () => {
    const store = await worldStore();
    const units = withLines(WORLD_CSV['units.csv'], 'NY,Ny enhed,XYZ,BIF,,,2025-01-01,,', 'NY2,Nyt team,BIF,NOPE,,,2025-01-01,,');
    await expectRefusedIn(store, { 'units.csv': units }, [
      { file: 'units.csv', line: 12, column: 'administration', message: `ukendt forvaltning "XYZ" (kendte: ${ADMINISTRATIONS})` },
      { file: 'units.csv', line: 13, column: 'parent_id', message: 'den overordnede enhed "NOPE" findes hverken i filen eller i databasen' },
    ]);
  });

  it('refuses an employee in an unknown unit', async () => {
    const store = await worldStore();
    const employees = replaceLine(WORLD_CSV['employees.csv'], 3, lineOf(WORLD_CSV['employees.csv'], 3).replace('JC-UDSAT-NORD', 'JC-SYD'));
    await expectRefusedIn(store, { 'employees.csv': employees }, [{ file: 'employees.csv', line: 3, column: 'unit_id', message: 'enheden "JC-SYD" findes hverken i units.csv eller i databasen' }]);
  });

  it('refuses a case with an unknown citizen (masked), unit, caseworker or administration', async () => {
    const store = await worldStore();
    const cases = withLines(
      WORLD_CSV['cases.csv'],
      `${CITIZENS.unknown},BIF,JC-UDSAT-NORD,E-ANNA,jobparat,nej,2025-01-01,`,
      `${CITIZENS.bifOnly},BIF,JC-SYD,E-ANNA,jobparat,nej,2025-01-01,`,
      `${CITIZENS.sofOnly},BIF,JC-UDSAT-NORD,E-NOBODY,jobparat,nej,2025-01-01,`,
      `${CITIZENS.sofOnly},XYZ,JC-UDSAT-NORD,E-ANNA,,nej,2025-01-01,`,
    );
    await expectRefusedIn(store, { 'cases.csv': cases }, [
      { file: 'cases.csv', line: 10, column: 'cpr', message: 'borgeren 050595-xxxx findes hverken i citizens.csv eller i databasen' },
      { file: 'cases.csv', line: 11, column: 'unit_id', message: 'enheden "JC-SYD" findes hverken i units.csv eller i databasen' },
      { file: 'cases.csv', line: 12, column: 'caseworker_id', message: 'medarbejderen "E-NOBODY" findes hverken i employees.csv eller i databasen' },
      { file: 'cases.csv', line: 13, column: 'administration', message: `ukendt forvaltning "XYZ" (kendte: ${ADMINISTRATIONS})` },
      // (no second "unit does not belong to XYZ": an unknown administration is reported once)
    ]);
  });

  it("refuses a case on the other administration's unit, whether the unit comes from the file or the database", async () => {
    const cases = replaceLine(WORLD_CSV['cases.csv'], 5, `030370-3456,BIF,RUS-TEAM-A,${PEOPLE.anna.id},jobparat,nej,2025-01-01,`);
    const problems = [{ file: 'cases.csv', line: 5, column: 'administration', message: 'enheden "RUS-TEAM-A" hører ikke under BIF' }];
    await expectRefusedIn(await emptyStore(), { ...WORLD_CSV, 'cases.csv': cases }, problems);
    await expectRefusedIn(await worldStore(), { 'cases.csv': cases }, problems);
  });

  it('finds references in the database when the other files are absent', async () => {
    const store = await worldStore();
    const report = await importInto(
      store,
      {
        'employees.csv': withLines(WORLD_CSV['employees.csv'], 'E-NY,Ny Kollega,ny@kk.dk,,,CALL,hotline_agent,2025-06-01,'),
        'cases.csv': withLines(WORLD_CSV['cases.csv'], `${CITIZENS.sofOnly},BIF,JC-UDSAT-NORD,E-NY,jobparat,nej,2025-06-01,`),
      },
      { now: new Date('2025-06-10T10:00:00Z') },
    );
    expect(report.problems).toEqual([]);
    expect(report.files.map((file) => [file.file, file.added])).toEqual([
      ['employees.csv', 1],
      ['cases.csv', 1],
    ]);
  });

  it('refuses cases.csv alone in an empty database: nothing it refers to exists', async () => {
    const store = await emptyStore();
    const cases = lineOf(WORLD_CSV['cases.csv'], 1) + '\n' + lineOf(WORLD_CSV['cases.csv'], 4) + '\n';
    await expectRefusedIn(store, { 'cases.csv': cases }, [
      { file: 'cases.csv', line: 2, column: 'cpr', message: 'borgeren 150875-xxxx findes hverken i citizens.csv eller i databasen' },
      { file: 'cases.csv', line: 2, column: 'unit_id', message: 'enheden "JC-UDSAT-NORD" findes hverken i units.csv eller i databasen' },
      { file: 'cases.csv', line: 2, column: 'caseworker_id', message: 'medarbejderen "E-BO" findes hverken i employees.csv eller i databasen' },
    ]);
  });
});
