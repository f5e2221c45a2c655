import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { sqlRows, sqlValue } from '../../support/raw-sql.js';
import { at, emptyStore, expectRefusedIn, importInto, removeTempFolders } from '../import-fixtures.js';

const HEADER = 'word,means,valid_from,valid_to\n';
const FILE = 'guide_synonyms.csv';

const current = (store: Store) =>
  sqlRows(store, 'SELECT word, means, valid_from, valid_to FROM guide_synonym_versions WHERE superseded_at IS NULL ORDER BY word, valid_from');

afterEach(removeTempFolders);

describe('guide_synonyms.csv: the guide’s synonym lexicon', () => {
  it('imports words and phrases with what they mean, trimmed, spaces folded and in lower case', async () => {
    const store = await emptyStore();
    const report = await importInto(store, {
      [FILE]: `${HEADER}hash,misbrug | rusmiddel,2025-01-01,\n"  Sover   på Gaden ",Hjemløs|herberg|hjemløs,01-01-2025,\nJC,jobcenter,2025-01-01,2025-12-31\n`,
    });
    expect(report.ok).toBe(true);
    expect(report.files).toEqual([expect.objectContaining({ file: FILE, rows: 3, rejected: 0, added: 3 })]);
    expect(await current(store)).toEqual([
      { word: 'hash', means: 'misbrug|rusmiddel', valid_from: '2025-01-01', valid_to: null },
      { word: 'jc', means: 'jobcenter', valid_from: '2025-01-01', valid_to: '2025-12-31' },
      { word: 'sover på gaden', means: 'hjemløs|herberg', valid_from: '2025-01-01', valid_to: null },
    ]);
  });

  it('refuses the whole file when a row is bad, and says in Danish what is wrong with each', async () => {
    const store = await emptyStore();
    const problem = (line: number, column: string, message: string) => ({ file: FILE, line, column, message });
    await expectRefusedIn(
      store,
      {
        [FILE]:
          HEADER +
          'homeless,hjemløs,2025-01-01,\n' +
          ' ,misbrug,2025-01-01,\n' +
          'hash|pot,misbrug,2025-01-01,\n' +
          'en borger sover på gaden,hjemløs,2025-01-01,\n' +
          'på,hjemløs,2025-01-01,\n' +
          'drugs, | ,2025-01-01,\n' +
          'Depression,depression|angst,2025-01-01,\n' +
          'jc,til og fra,2025-01-01,\n' +
          `tlf,${'telefon'.repeat(12)},2025-01-01,\n` +
          'yds,ydelsesservice,2025-01-01,2024-12-31\n' +
          'kth,kontanthjælp,1. juli,\n' +
          'Hash,rusmiddel,2025-01-01,\n' +
          'hash,misbrug,2025-01-01,\n',
      },
      [
        problem(3, 'word', 'mangler et ord eller udtryk, som folk skriver (fx hash eller sover på gaden)'),
        problem(4, 'word', 'ét ord eller udtryk pr. række: skriv "hash" og "pot" på hver sin række'),
        problem(5, 'word', '"en borger sover på gaden" er 5 ord; et udtryk kan højst være 3 ord i træk'),
        problem(6, 'word', '"på" består kun af småord (fx og, på, til), som står i næsten alle spørgsmål'),
        problem(7, 'means', 'mangler hvad ordet betyder med vejviserens ord, adskilt med | (fx misbrug|rusmiddel)'),
        problem(8, 'means', '"depression" er det samme ord som "depression"; skriv de ord, vejviserens opslag selv bruger'),
        problem(9, 'means', 'betydningen "til og fra" består kun af småord (fx og, på, til), som står i næsten alle spørgsmål'),
        problem(10, 'means', 'betydningen "telefontelefontelefontelefontelefontelef…" er for lang (højst 80 tegn)'),
        problem(11, 'valid_to', 'slutdatoen 2024-12-31 ligger før startdatoen 2025-01-01'),
        problem(12, 'valid_from', '"1. juli" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)'),
        problem(14, 'word', '"hash" står allerede på linje 13 (dobbelt række)'),
      ],
    );
    expect(await current(store)).toEqual([]);
  });

  it('with --skip-invalid imports the good rows and writes the bad ones with their reasons to the rejects file', async () => {
    const store = await emptyStore();
    const report = await importInto(store, { [FILE]: `${HEADER}homeless,hjemløs,2025-01-01,\nhash|pot,misbrug,2025-01-01,\n` }, { skipInvalid: true });
    expect(report.ok).toBe(true);
    expect(await current(store)).toEqual([{ word: 'homeless', means: 'hjemløs', valid_from: '2025-01-01', valid_to: null }]);
    expect(readFileSync(report.rejectsPath!, 'utf8')).toContain('ét ord eller udtryk pr. række');
  });

  it('keeps history: a changed meaning closes the old version, and a word the file no longer lists ends', async () => {
    const store = await emptyStore();
    expect((await importInto(store, { [FILE]: `${HEADER}hash,misbrug,2025-01-01,\njc,jobcenter,2025-01-01,\n` }, { now: at('2025-06-02') })).ok).toBe(true);
    expect((await importInto(store, { [FILE]: `${HEADER}hash,rusmiddel,2025-01-01,\njc,jobcenter,2025-01-01,\n` }, { now: at('2025-09-01') })).ok).toBe(true);
    expect((await importInto(store, { [FILE]: `${HEADER}jc,jobcenter,2025-01-01,\n` }, { now: at('2025-10-01') })).ok).toBe(true);
    expect(await current(store)).toEqual([
      { word: 'hash', means: 'misbrug', valid_from: '2025-01-01', valid_to: '2025-08-31' },
      { word: 'hash', means: 'rusmiddel', valid_from: '2025-09-01', valid_to: '2025-09-30' },
      { word: 'jc', means: 'jobcenter', valid_from: '2025-01-01', valid_to: null },
    ]);
    expect(await sqlValue(store, 'SELECT count(*) FROM guide_synonym_versions WHERE superseded_at IS NOT NULL')).toBe(2);
  });
});
