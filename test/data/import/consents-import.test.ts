import { afterEach, describe, expect, it } from 'vitest';
import { StoredConsentSource } from '../../../bot/consent/stored-consent-source.js';
import type { Store } from '../../../data/store/store.js';
import { rawSql, sqlColumn, sqlRun } from '../../support/raw-sql.js';
import { CITIZENS, worldStore } from '../../support/world.js';
import { at, expectRefusedIn, importInto, removeTempFolders, storeVersionsOf } from '../import-fixtures.js';

afterEach(removeTempFolders);

const HEADER = 'cpr,purpose,given_on,expires_on,withdrawn_on,reference';
const csv = (...rows: string[]) => ({ 'consents.csv': `${[HEADER, ...rows].join('\n')}\n` });
const BIRTE = '010190-1234';
const CARL = '150875-1008';
const ATTRIBUTES = ['expires_on', 'withdrawn_on', 'reference', 'source', 'administrations'];

const stateOf = async (store: Store, cpr: string, asOf: string, today = asOf) =>
  new StoredConsentSource(store).consentFor(cpr, 'bif_sof_sharing', { asOf, today });

describe('consents.csv', () => {
  it('stores each consent as a version with its source, reference and the administrations it lets share', async () => {
    const store = await worldStore();
    const report = await importInto(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,2026-03-01,,DS-1001`, `${CARL},BIF_SOF_SHARING,01-04-2025,,,`), { now: at('2025-06-02') });
    expect(report.problems).toEqual([]);
    expect(report.files).toEqual([{ file: 'consents.csv', rows: 2, rejected: 0, added: 2, changed: 0, unchanged: 0, ended: 0, inForceBefore: 0 }]);
    expect(await storeVersionsOf(store, 'consent_versions', { cpr: CITIZENS.shared }, ATTRIBUTES)).toEqual([
      { expires_on: '2026-03-01', withdrawn_on: null, reference: 'DS-1001', source: 'import', administrations: 'BIF|SOF', source_from: '2025-03-01', valid_from: '2025-03-01', valid_to: null, superseded_at: null, import_run_id: 2 },
    ]);
    expect(await stateOf(store, CITIZENS.shared, '2025-06-02')).toEqual({ state: 'given', givenOn: '2025-03-01', expiresOn: '2026-03-01', withdrawnOn: null, source: 'import', reference: 'DS-1001' });
    expect(await stateOf(store, CITIZENS.bifOnly, '2025-06-02')).toMatchObject({ state: 'given', givenOn: '2025-04-01', reference: null });
  });

  it.each([
    { name: 'an unknown purpose', row: `${BIRTE},deling,2025-03-01,,,`, column: 'purpose', message: '"deling" er ikke et formål for samtykke; brug bif_sof_sharing (deling af kontakt- og sagsbehandleroplysninger mellem BIF og SOF)' },
    { name: 'no purpose', row: `${BIRTE},,2025-03-01,,,`, column: 'purpose', message: 'mangler et formål: bif_sof_sharing (deling af kontakt- og sagsbehandleroplysninger mellem BIF og SOF)' },
    { name: 'no date given', row: `${BIRTE},bif_sof_sharing,,,,`, column: 'given_on', message: 'mangler en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)' },
    { name: 'a date given that does not exist', row: `${BIRTE},bif_sof_sharing,2025-02-29,,,`, column: 'given_on', message: 'datoen "2025-02-29" findes ikke' },
    { name: 'a malformed expiry date', row: `${BIRTE},bif_sof_sharing,2025-03-01,om et år,,`, column: 'expires_on', message: '"om et år" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, eller lad feltet stå tomt)' },
    { name: 'an expiry before the consent was given', row: `${BIRTE},bif_sof_sharing,2025-03-01,2025-02-28,,`, column: 'expires_on', message: 'udløbsdatoen 2025-02-28 ligger før datoen 2025-03-01, hvor samtykket blev givet' },
    { name: 'a withdrawal before the consent was given', row: `${BIRTE},bif_sof_sharing,2025-03-01,,2025-01-31,`, column: 'withdrawn_on', message: 'tilbagetrækningsdatoen 2025-01-31 ligger før datoen 2025-03-01, hvor samtykket blev givet' },
    { name: 'a CPR number with no real birth date', row: '320190-1234,bif_sof_sharing,2025-03-01,,,', column: 'cpr', message: '"320190-xxxx" er ikke et gyldigt CPR-nummer: indeholder ikke en gyldig fødselsdato' },
    { name: 'a CPR number with 9 digits', row: '010190-123,bif_sof_sharing,2025-03-01,,,', column: 'cpr', message: '"010190-xxxx" er ikke et gyldigt CPR-nummer: har 9 cifre, skal have 10' },
    { name: 'a citizen Brobygger does not know', row: '050595-5678,bif_sof_sharing,2025-03-01,,,', column: 'cpr', message: 'borgeren 050595-xxxx findes hverken i citizens.csv eller i databasen' },
    { name: 'a reference over 100 characters', row: `${BIRTE},bif_sof_sharing,2025-03-01,,,${'R'.repeat(101)}`, column: 'reference', message: 'teksten er for lang: 101 tegn (højst 100)' },
  ])('refuses $name with a Danish reason, and writes nothing (not even the good row)', async ({ row, column, message }) => {
    const store = await worldStore();
    await expectRefusedIn(store, csv(`${CARL},bif_sof_sharing,2025-04-01,,,`, row), [{ file: 'consents.csv', line: 3, column, message }]);
  });

  it('refuses the same consent twice (same citizen, purpose and day given), but takes a renewal beside the consent it renews', async () => {
    const store = await worldStore();
    await expectRefusedIn(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,,,`, `0101901234,bif_sof_sharing,01.03.2025,2026-01-01,,`), [
      { file: 'consents.csv', line: 3, column: 'cpr, purpose, given_on', message: '010190-xxxx står allerede på linje 2 (dobbelt række)' },
    ]);
    const renewed = await importInto(store, csv(`${BIRTE},bif_sof_sharing,2024-03-01,2025-03-01,,`, `${BIRTE},bif_sof_sharing,2025-03-01,2026-03-01,,`));
    expect(renewed.problems).toEqual([]);
    expect(await stateOf(store, CITIZENS.shared, '2025-06-02')).toMatchObject({ state: 'given', givenOn: '2025-03-01' });
    // A day the old consent covered, answered while its renewal is in force.
    expect(await stateOf(store, CITIZENS.shared, '2024-06-02', '2025-06-02')).toMatchObject({ state: 'given', givenOn: '2025-03-01' });
    expect(await stateOf(store, CITIZENS.shared, '2026-03-01')).toMatchObject({ state: 'expired', expiresOn: '2026-03-01' });
  });

  it('with --skip-invalid imports the good rows and reports the bad one', async () => {
    const store = await worldStore();
    const report = await importInto(store, csv(`${CARL},bif_sof_sharing,2025-04-01,,,`, `${BIRTE},bif_sof_sharing,2025-03-01,2025-02-01,,`), { skipInvalid: true });
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([{ file: 'consents.csv', line: 3, column: 'expires_on', message: 'udløbsdatoen 2025-02-01 ligger før datoen 2025-03-01, hvor samtykket blev givet' }]);
    expect(await sqlColumn(store, 'SELECT cpr FROM consent_versions')).toEqual([CITIZENS.bifOnly]);
  });

  it('keeps history across imports: a withdrawal closes the version that did not know of it; the same file again changes nothing', async () => {
    const store = await worldStore();
    await importInto(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,,,DS-1`), { now: at('2025-06-02') });
    const withdrawn = await importInto(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,,2025-06-05,DS-1`), { now: at('2025-06-10') });
    expect(withdrawn.files[0]).toMatchObject({ added: 0, changed: 1, ended: 0 });
    expect(await storeVersionsOf(store, 'consent_versions', { cpr: CITIZENS.shared }, ['withdrawn_on'])).toEqual([
      { withdrawn_on: null, source_from: '2025-03-01', valid_from: '2025-03-01', valid_to: null, superseded_at: '2025-06-10T10:00:00.000Z', import_run_id: 2 },
      { withdrawn_on: null, source_from: '2025-03-01', valid_from: '2025-03-01', valid_to: '2025-06-09', superseded_at: null, import_run_id: 3 },
      { withdrawn_on: '2025-06-05', source_from: '2025-03-01', valid_from: '2025-06-10', valid_to: null, superseded_at: null, import_run_id: 3 },
    ]);
    expect(await stateOf(store, CITIZENS.shared, '2025-06-10')).toMatchObject({ state: 'withdrawn', withdrawnOn: '2025-06-05' });
    // Asked about a day before the withdrawal, answered after it: the withdrawal stops the sharing now.
    expect(await stateOf(store, CITIZENS.shared, '2025-06-01', '2025-06-10')).toMatchObject({ state: 'withdrawn' });
    const again = await importInto(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,,2025-06-05,DS-1`), { now: at('2025-06-11') });
    expect(again.files[0]).toMatchObject({ added: 0, changed: 0, unchanged: 1 });
  });

  it('ends a consent the next file no longer lists, the day before that import; then no consent is on record', async () => {
    const store = await worldStore();
    await importInto(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,,,`, `${CARL},bif_sof_sharing,2025-04-01,,,`), { now: at('2025-06-02') });
    const report = await importInto(store, csv(`${CARL},bif_sof_sharing,2025-04-01,,,`), { now: at('2025-06-10') });
    expect(report.files[0]).toMatchObject({ ended: 1, unchanged: 1 });
    expect((await storeVersionsOf(store, 'consent_versions', { cpr: CITIZENS.shared })).filter((v) => v.superseded_at === null)).toEqual([
      { source_from: '2025-03-01', valid_from: '2025-03-01', valid_to: '2025-06-09', superseded_at: null, import_run_id: 3 },
    ]);
    expect(await stateOf(store, CITIZENS.shared, '2025-06-10')).toMatchObject({ state: 'none' });
    expect(await stateOf(store, CITIZENS.bifOnly, '2025-06-10')).toMatchObject({ state: 'given' });
  });

  it('refuses, in the schema, any rewrite of a consent version from any connection', async () => {
    const store = await worldStore();
    await importInto(store, csv(`${BIRTE},bif_sof_sharing,2025-03-01,,,`));
    await expect(sqlRun(store, "UPDATE consent_versions SET withdrawn_on = '2025-04-01'")).rejects.toThrow(/append-only/);
    await expect(sqlRun(store, 'DELETE FROM consent_versions')).rejects.toThrow(/append-only/);
    // SQLite's REPLACE deletes the row it replaces (PostgreSQL has no such statement).
    if (rawSql(store).dialect === 'sqlite') await expect(sqlRun(store, 'INSERT OR REPLACE INTO consent_versions SELECT * FROM consent_versions')).rejects.toThrow(/append-only/);
  });
});
