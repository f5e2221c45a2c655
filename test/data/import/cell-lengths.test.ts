import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../data/import/read-csv.js';
import { activationRow, citizenRow, employeeRow, guideRow, hotlineWhitelistRow, unitRow } from '../../../data/import/row-schemas.js';
import { WORLD_CSV } from '../../support/world.js';
import { expectRefused, removeTempFolders, withLines, worldDb } from '../import-fixtures.js';

afterEach(removeTempFolders);

const period = { valid_from: '2025-01-01', valid_to: '' };

/** A valid row of each file, as its cells would be read. */
const ROWS = {
  'units.csv': { schema: unitRow, cells: { id: 'U1', name: 'Enhed', administration: 'BIF', parent_id: '', phone: '', email: '', teams_channel_id: '', entry_point: '', ...period } },
  'employees.csv': {
    schema: employeeRow,
    cells: { id: 'E1', name: 'Navn', upn: 'navn@kk.dk', aad_object_id: '', phone: '', email: '', unit_id: 'U1', roles: 'caseworker', skills: '', ...period },
  },
  'citizens.csv': { schema: citizenRow, cells: { cpr: '0101901234', name: 'Navn' } },
  'hotline_whitelist.csv': { schema: hotlineWhitelistRow, cells: { kind: 'phone', value: '33663366', note: '', ...period } },
  'guide.csv': { schema: guideRow, cells: { id: 'g1', title: 'Titel', body: 'Tekst.', keywords: 'ord', unit_id: '', url: '', ...period } },
  'activations.csv': { schema: activationRow, cells: { cpr: '0101901234', from: '2025-01-01', to: '', type: 'virksomhedspraktik' } },
} as const;

type File = keyof typeof ROWS;

const parse = (file: File, column: string, value: string) => ROWS[file].schema.safeParse({ ...ROWS[file].cells, [column]: value });

/** Every limit the README's Import section lists. */
const LIMITS: { file: File; column: string; max: number }[] = [
  { file: 'units.csv', column: 'name', max: 200 },
  { file: 'employees.csv', column: 'name', max: 200 },
  { file: 'citizens.csv', column: 'name', max: 200 },
  { file: 'employees.csv', column: 'upn', max: 254 },
  { file: 'employees.csv', column: 'email', max: 254 },
  { file: 'units.csv', column: 'email', max: 254 },
  { file: 'units.csv', column: 'teams_channel_id', max: 200 },
  { file: 'employees.csv', column: 'roles', max: 500 },
  { file: 'employees.csv', column: 'skills', max: 500 },
  { file: 'hotline_whitelist.csv', column: 'value', max: 100 },
  { file: 'hotline_whitelist.csv', column: 'note', max: 500 },
  { file: 'guide.csv', column: 'title', max: 120 },
  { file: 'guide.csv', column: 'body', max: 1000 },
  { file: 'guide.csv', column: 'keywords', max: 1000 },
  { file: 'guide.csv', column: 'url', max: 2000 },
  { file: 'activations.csv', column: 'type', max: 200 },
  // Every other cell: ids, codes, dates, flags, CPR and phone numbers.
  { file: 'units.csv', column: 'id', max: 100 },
  { file: 'units.csv', column: 'phone', max: 100 },
  { file: 'units.csv', column: 'administration', max: 100 },
  { file: 'citizens.csv', column: 'cpr', max: 100 },
  { file: 'employees.csv', column: 'valid_from', max: 100 },
];

describe('import cells: every text cell has a maximum length', () => {
  it.each(LIMITS)('$file $column: refuses $max + 1 characters, naming the limit', ({ file, column, max }) => {
    const result = parse(file, column, 'x'.repeat(max + 1));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [column], message: `teksten er for lang: ${max + 1} tegn (højst ${max})` })]);
  });

  it.each(LIMITS.filter(({ column }) => ['name', 'note', 'title', 'body'].includes(column)))('$file $column: accepts exactly $max characters', ({ file, column, max }) => {
    expect(parse(file, column, 'æ'.repeat(max)).success).toBe(true);
  });

  it('counts the text without the spaces around it', () => {
    expect(parse('citizens.csv', 'name', `   ${'x'.repeat(200)}   `).success).toBe(true);
  });

  it('refuses an import with an over-long name, naming file, line, column and limit', async () => {
    const db = await worldDb();
    const files = { 'citizens.csv': withLines(WORLD_CSV['citizens.csv'], `0101901234,${'Anna '.repeat(50)}Jensen`) };
    await expectRefused(db, files, [{ file: 'citizens.csv', line: 7, column: 'name', message: 'teksten er for lang: 256 tegn (højst 200)' }]);
  });

  it('refuses a file with a 50 MB cell as a whole at that line, without reading on', async () => {
    const db = await worldDb();
    const files = { 'citizens.csv': withLines(WORLD_CSV['citizens.csv'], `0101901234,${'A'.repeat(50 * 1024 * 1024)}`, '0202901234,Efter') };
    await expectRefused(db, files, [
      { file: 'citizens.csv', line: 7, column: null, message: `læsningen stoppede her: rækken er længere end 64 KB (højst ${MAX_LINE_BYTES} bytes pr. række). Er et anførselstegn ikke lukket?` },
    ]);
  });
});
