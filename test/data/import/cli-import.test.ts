import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../bot/cli/import.js';
import { CITIZENS, WORLD_CSV } from '../../support/world.js';
import { captureCommandOutput, caseload, csvFolder, rowCountsInFile, tempFolder, withLines, type CsvFiles } from '../import-fixtures.js';

/** Any spelling of a full CPR number: 10 digits, or 6 + 4 with a separator. */
const FULL_CPR = /\d{6}[-\s]?\d{4}/;

const output = captureCommandOutput();

const databasePath = () => join(tempFolder(), 'brobygger.sqlite');
const run = (files: CsvFiles, database: string, ...flags: string[]) => runImport([csvFolder(files), '--database', database, ...flags]);
const lines = (chunks: string[]) => chunks.join('').split('\n').filter(Boolean);

describe('runImport (npm run import)', () => {
  it('imports a folder into the database given, exits 0 and prints a summary per file', async () => {
    const database = databasePath();
    await expect(run(WORLD_CSV, database)).resolves.toBe(0);
    expect(output.stderr).toEqual([]);
    const printed = lines(output.stdout);
    expect(printed.slice(0, 4)).toEqual([
      'units.csv: 10 rækker — 10 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
      'employees.csv: 7 rækker — 7 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
      'citizens.csv: 5 rækker — 5 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
      'cases.csv: 8 rækker — 8 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
    ]);
    expect(printed[4]).toMatch(new RegExp(`^Import nr\\. 1 gennemført på \\d+\\.\\d s i ${database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
    expect(printed).toHaveLength(5);
    expect(rowCountsInFile(database)).toMatchObject({ unit_versions: 10, employee_versions: 7, citizen_versions: 5, case_versions: 8, import_runs: 1 });
  });

  it('reports every row unchanged on a second run of the same files', async () => {
    const database = databasePath();
    await run(WORLD_CSV, database);
    output.stdout.length = 0;
    await expect(run(WORLD_CSV, database)).resolves.toBe(0);
    expect(lines(output.stdout).slice(0, 4)).toEqual([
      'units.csv: 10 rækker — 0 nye, 0 ændrede, 10 uændrede, 0 afsluttet, 0 afvist',
      'employees.csv: 7 rækker — 0 nye, 0 ændrede, 7 uændrede, 0 afsluttet, 0 afvist',
      'citizens.csv: 5 rækker — 0 nye, 0 ændrede, 5 uændrede, 0 afsluttet, 0 afvist',
      'cases.csv: 8 rækker — 0 nye, 0 ændrede, 8 uændrede, 0 afsluttet, 0 afvist',
    ]);
    expect(lines(output.stdout)[4]).toMatch(/^Import nr\. 2 gennemført/);
    expect(rowCountsInFile(database)).toMatchObject({ unit_versions: 10, employee_versions: 7, citizen_versions: 5, case_versions: 8, import_runs: 2 });
  });

  it('exits 1, prints every problem as file:line: column: message, and imports nothing', async () => {
    const database = databasePath();
    const files = {
      ...WORLD_CSV,
      'citizens.csv': withLines(WORLD_CSV['citizens.csv'], '3201901234,Ingen Dato', `${CITIZENS.shared},Birte Igen`),
      'cases.csv': withLines(WORLD_CSV['cases.csv'], `${CITIZENS.unknown},BIF,JC-UDSAT-NORD,E-ANNA,jobparat,nej,2025-01-01,`),
    };
    await expect(run(files, database)).resolves.toBe(1);
    expect(output.stdout).toEqual([]);
    expect(lines(output.stderr)).toEqual([
      'citizens.csv:7: cpr: "320190-xxxx" er ikke et gyldigt CPR-nummer: indeholder ikke en gyldig fødselsdato',
      'citizens.csv:8: cpr: 010190-xxxx står allerede på linje 2 (dobbelt række)',
      'cases.csv:10: cpr: borgeren 050595-xxxx findes hverken i citizens.csv eller i databasen',
      'Intet er importeret (3 problemer). Ret filerne, eller brug --skip-invalid for kun at importere de gyldige rækker.',
    ]);
    expect([...output.stdout, ...output.stderr].join('')).not.toMatch(FULL_CPR);
    expect(rowCountsInFile(database)).toMatchObject({ unit_versions: 0, employee_versions: 0, citizen_versions: 0, case_versions: 0, import_runs: 0 });
  });

  it('prints no full CPR even when a file without a header row puts one where a column name should be', async () => {
    await expect(run({ 'citizens.csv': '010190-1234,Birte Fællesborger\n' }, databasePath())).resolves.toBe(1);
    expect(lines(output.stderr)[0]).toBe('citizens.csv:1: 010190-xxxx: ukendt kolonne (kendte kolonner: cpr, name)');
    expect([...output.stdout, ...output.stderr].join('')).not.toMatch(FULL_CPR);
  });

  it('with --skip-invalid imports the good rows, exits 0 and names the rejects file', async () => {
    const database = databasePath();
    const folder = csvFolder({ ...WORLD_CSV, 'citizens.csv': withLines(WORLD_CSV['citizens.csv'], '3201901234,Ingen Dato') });
    await expect(runImport([folder, '--database', database, '--skip-invalid'])).resolves.toBe(0);
    const printed = lines(output.stdout);
    expect(printed[0]).toBe('citizens.csv:7: cpr: "320190-xxxx" er ikke et gyldigt CPR-nummer: indeholder ikke en gyldig fødselsdato');
    expect(printed[3]).toBe('citizens.csv: 6 rækker — 5 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 1 afvist');
    expect(printed[5]).toMatch(new RegExp(`^Afviste rækker er skrevet til ${folder}/rejects-.*\\.csv$`));
    expect(output.stderr).toEqual([]);
    expect(rowCountsInFile(database)).toMatchObject({ citizen_versions: 5, case_versions: 8 });
  });

  it('refuses a mass end (exit 1) unless --allow-mass-end is given', async () => {
    const database = databasePath();
    await run({ ...WORLD_CSV, ...caseload(30) }, database);
    const partial = { 'cases.csv': caseload(30, (i) => i === 0)['cases.csv'] };
    await expect(run(partial, database)).resolves.toBe(1);
    expect(lines(output.stderr)[0]).toBe(
      'cases.csv:0: filen ville afslutte 29 af 30 gældende rækker, fordi de ikke står i filen. Er filen ufuldstændig? Brug --allow-mass-end, hvis det er meningen',
    );
    expect(rowCountsInFile(database).import_runs).toBe(1);
    output.stdout.length = 0;
    await expect(run(partial, database, '--allow-mass-end')).resolves.toBe(0);
    expect(lines(output.stdout)[0]).toBe('cases.csv: 1 rækker — 0 nye, 0 ændrede, 1 uændrede, 29 afsluttet, 0 afvist');
  });

  it('exits 2 on a folder that does not exist, without creating the database', async () => {
    const database = databasePath();
    const missing = join(tempFolder(), 'findes-ikke');
    await expect(runImport([missing, '--database', database])).resolves.toBe(2);
    expect(lines(output.stderr)).toEqual([`Mappen "${missing}" findes ikke.`]);
    expect(existsSync(database)).toBe(false);
  });

  it('exits 2 when given a file instead of a folder, no folder, two folders or an unknown option', async () => {
    const folder = csvFolder(WORLD_CSV);
    const database = databasePath();
    await expect(runImport([join(folder, 'units.csv'), '--database', database])).resolves.toBe(2);
    await expect(runImport(['--database', database])).resolves.toBe(2);
    await expect(runImport([folder, folder, '--database', database])).resolves.toBe(2);
    await expect(runImport([folder, '--database', database, '--force'])).resolves.toBe(2);
    expect(output.stderr.join('')).toContain("Unknown option '--force'");
    expect(existsSync(database)).toBe(false);
  });

  it('prints the usage and exits 0 with --help', async () => {
    await expect(runImport(['--help'])).resolves.toBe(0);
    expect(lines(output.stdout)[0]).toMatch(/^Brug: npm run import -- <mappe> .*\[--skip-invalid\] \[--allow-mass-end\].*\[--database <sti>\]$/);
    expect(output.stderr).toEqual([]);
  });
});

