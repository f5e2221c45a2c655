import { afterEach, describe, expect, it } from 'vitest';
import { sqlRows, sqlRun, sqlValue } from '../../support/raw-sql.js';
import { PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';
import { emptyStore, expectRefusedIn, importInto, lineOf, removeTempFolders, replaceLine } from '../import-fixtures.js';

afterEach(removeTempFolders);

const HEADER = 'id,name,upn,phone,unit_id,roles,valid_from,valid_to';
const TEAMS_ID = 'bbbbbbbb-0000-4000-8000-000000000001';

describe('employees.csv without aad_object_id (issue 14 §4)', () => {
  it('imports a file without the aad_object_id column: employees known by UPN only', async () => {
    const store = await emptyStore();
    const employees = `${HEADER}\nE-UPN,Ulla Upn,Ulla.Upn@kk.dk,,JC-UDSAT-NORD,caseworker,2024-01-01,\n`;
    const report = await importInto(store, { 'units.csv': WORLD_CSV['units.csv'], 'employees.csv': employees });
    expect(report.problems).toEqual([]);
    const ulla = await store.employees.findById('E-UPN', '2025-06-02');
    expect(ulla).toMatchObject({ upn: 'ulla.upn@kk.dk', aadObjectId: null });
  });

  it('refuses a row with neither an object id nor a UPN, saying the UPN is needed', async () => {
    const store = await worldStore();
    const employees = replaceLine(WORLD_CSV['employees.csv'], 3, lineOf(WORLD_CSV['employees.csv'], 3).replace('bo.hansen@kk.dk', '').replace(PEOPLE.bo.aadObjectId, ''));
    await expectRefusedIn(store, { 'employees.csv': employees }, [
      { file: 'employees.csv', line: 3, column: 'upn', message: 'mangler en UPN (den kræves, når aad_object_id er tom)' },
    ]);
  });

  it('refuses two employees sharing a UPN (any case) in the same period, and allows it in periods that do not meet', async () => {
    const store = await worldStore();
    const shared = replaceLine(WORLD_CSV['employees.csv'], 3, lineOf(WORLD_CSV['employees.csv'], 3).replace('bo.hansen@kk.dk', 'Anna.Jensen@KK.dk'));
    await expectRefusedIn(store, { 'employees.csv': shared }, [
      { file: 'employees.csv', line: 3, column: 'upn', message: 'samme UPN bruges af medarbejder "E-ANNA" på linje 2 i samme periode (en UPN skal pege på én person)' },
    ]);
    // Mads's old version ended 2024-12-31; a newcomer may take over that UPN from 2025.
    const reused = `${WORLD_CSV['employees.csv']}E-NY,Ny Nielsen,mads.nielsen@kk.dk,,,JC-UDSAT-NORD,caseworker,2025-01-01,\n`.replace(
      lineOf(WORLD_CSV['employees.csv'], 5),
      lineOf(WORLD_CSV['employees.csv'], 5).replace('mads.nielsen@kk.dk', 'mads.n@kk.dk'),
    );
    expect((await importInto(store, { 'employees.csv': reused })).problems).toEqual([]);
  });
});

describe('EmployeeRepository.linkByUpn', () => {
  const withUpnOnly = replaceLine(WORLD_CSV['employees.csv'], 3, lineOf(WORLD_CSV['employees.csv'], 3).replace(PEOPLE.bo.aadObjectId, ''));
  const now = new Date('2025-06-02T10:00:00Z');

  it('links a Teams object id to the employee with that UPN (case-insensitive); later lookups by the object id find them', async () => {
    const store = await emptyStore();
    expect((await importInto(store, { ...WORLD_CSV, 'employees.csv': withUpnOnly })).ok).toBe(true);
    expect(await store.employees.findByAadObjectId(TEAMS_ID, '2025-06-02')).toBeNull();
    expect(await store.employees.linkByUpn(TEAMS_ID.toUpperCase(), ' Bo.Hansen@KK.dk ', '2025-06-02', now)).toMatchObject({ employee: { id: 'E-BO', aadObjectId: TEAMS_ID }, replacedLinkIds: [] });
    expect(await store.employees.findByAadObjectId(TEAMS_ID, '2025-06-02')).toMatchObject({ id: 'E-BO', aadObjectId: TEAMS_ID, unitName: 'Team Nord' });
    expect((await store.employees.findById('E-BO', '2025-06-02'))?.aadObjectId).toBe(TEAMS_ID);
  });

  it('does not link a UPN that matches nobody, nor an employee whose row has an object id', async () => {
    const store = await emptyStore();
    expect((await importInto(store, { ...WORLD_CSV, 'employees.csv': withUpnOnly })).ok).toBe(true);
    expect(await store.employees.linkByUpn(TEAMS_ID, 'nobody@kk.dk', '2025-06-02', now)).toBeNull();
    expect(await store.employees.linkByUpn(TEAMS_ID, 'anna.jensen@kk.dk', '2025-06-02', now)).toBeNull();
    expect(await sqlValue(store, 'SELECT count(*) FROM employee_aad_links')).toBe(0);
  });

  it('keeps the link across the next import of the same file, and a relink supersedes the old link (history kept)', async () => {
    const store = await emptyStore();
    expect((await importInto(store, { ...WORLD_CSV, 'employees.csv': withUpnOnly })).ok).toBe(true);
    await store.employees.linkByUpn(TEAMS_ID, 'bo.hansen@kk.dk', '2025-06-02', now);
    expect((await importInto(store, { ...WORLD_CSV, 'employees.csv': withUpnOnly }, { now: new Date('2025-06-03T10:00:00Z') })).ok).toBe(true);
    expect((await store.employees.findByAadObjectId(TEAMS_ID, '2025-06-03'))?.id).toBe('E-BO');
    const other = 'bbbbbbbb-0000-4000-8000-000000000002';
    expect((await store.employees.linkByUpn(other, 'bo.hansen@kk.dk', '2025-06-03', new Date('2025-06-03T11:00:00Z')))?.replacedLinkIds).toHaveLength(1);
    expect(await store.employees.findByAadObjectId(TEAMS_ID, '2025-06-03')).toBeNull();
    expect((await store.employees.findByAadObjectId(other, '2025-06-03'))?.id).toBe('E-BO');
    expect(await sqlRows(store, 'SELECT aad_object_id, CASE WHEN superseded_at IS NOT NULL THEN 1 ELSE 0 END AS ended FROM employee_aad_links ORDER BY link_id')).toEqual([
      { aad_object_id: TEAMS_ID, ended: 1 },
      { aad_object_id: other, ended: 0 },
    ]);
    await expect(sqlRun(store, 'DELETE FROM employee_aad_links')).rejects.toThrow(/append-only/);
  });
});
