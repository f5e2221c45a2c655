import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { neutralise, rejectsCsv } from '../../../data/import/rejects-file.js';
import { WORLD_CSV } from '../../support/world.js';
import { emptyStore, importInto, removeTempFolders, withLines } from '../import-fixtures.js';

afterEach(removeTempFolders);

const problem = { file: 'citizens.csv', line: 7, column: 'name', message: 'mangler et navn' };

describe('rejects file: no cell opens as a formula in a spreadsheet', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+x', "'+x"],
    ['-x', "'-x"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['=HYPERLINK("https://example.com";"klik")', `'=HYPERLINK("https://example.com";"klik")`],
    ['+4533663366', "'+4533663366"],
    ['-5', "'-5"],
  ])('prefixes %j with a single quote', (cell, expected) => {
    expect(neutralise(cell)).toBe(expected);
  });

  it.each(['Anna Jensen', '010190-1234', ' =1+1', "'=1+1", '', 'a=b', 'x-y@z'])('leaves %j as it is', (cell) => {
    expect(neutralise(cell)).toBe(cell);
  });

  it('neutralises every cell of the row and the row itself', () => {
    expect(rejectsCsv([{ problem, raw: ['=1+1', '+x', '-x', '@x'] }]).split('\n')[1]).toBe(`citizens.csv;7;name;mangler et navn;"'=1+1;'+x;'-x;'@x"`);
  });

  it('neutralises the problem text and the column too', () => {
    expect(rejectsCsv([{ problem: { ...problem, column: '=col', message: '-problem' }, raw: null }]).split('\n')[1]).toBe("citizens.csv;7;'=col;'-problem;");
  });

  it('writes a neutralised rejects file from an import with --skip-invalid', async () => {
    const store = await emptyStore();
    const citizens = withLines(WORLD_CSV['citizens.csv'], '=1+1,@SUM(A1)', '-2+3,\t+x');
    const report = await importInto(store, { 'citizens.csv': citizens }, { skipInvalid: true });
    const rows = readFileSync(report.rejectsPath!, 'utf8').split('\n').slice(1, -1);
    expect(rows).toEqual([
      `citizens.csv;7;cpr;"""=1+1"" er ikke et gyldigt CPR-nummer: må kun indeholde cifre (og evt. bindestreg)";"'=1+1;'@SUM(A1)"`,
      `citizens.csv;8;cpr;"""-2+3"" er ikke et gyldigt CPR-nummer: må kun indeholde cifre (og evt. bindestreg)";"'-2+3;'\t+x"`,
    ]);
  });
});
