import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Employee } from '../../../data/repositories/employees.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

const TODAY = '2025-06-01';
const NOW = new Date('2025-06-01T10:00:00.000Z');

const employee = (id: string, name: string, extra: Partial<Employee> = {}): Employee => ({
  id,
  name,
  upn: null,
  aadObjectId: null,
  phone: null,
  email: null,
  unitId: 'E-UNIT',
  unitName: 'Enheden',
  administration: 'BIF',
  roles: ['caseworker'],
  skills: [],
  ...extra,
});

const ANNA = employee('E-ANNA', 'Anna', {
  upn: 'anna@example.dk',
  aadObjectId: 'aad-anna',
  phone: '+4533000020',
  email: 'anna@example.dk', // no email of her own: her UPN
  roles: ['manager', 'caseworker'],
  skills: ['misbrug', 'bolig'],
});
const BO = employee('E-BO', 'Bo', { upn: 'Bo@Example.dk', email: 'bo.mail@example.dk', roles: ['hotline_agent'] });

for (const { label, open } of contractEngines()) {
  describe(`employees on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.unit({ unitId: 'E-UNIT', name: 'Enheden', administration: 'BIF', from: '2020-01-01' });
      await rows.employee({ employeeId: 'E-ANNA', name: 'Anna', unitId: 'E-UNIT', upn: 'anna@example.dk', aadObjectId: 'aad-anna', phone: '+4533000020', roles: 'manager|caseworker', skills: 'misbrug|bolig', from: '2020-01-01' });
      await rows.employee({ employeeId: 'E-BO', name: 'Bo', unitId: 'E-UNIT', upn: 'Bo@Example.dk', email: 'bo.mail@example.dk', roles: 'hotline_agent', from: '2020-01-01' });
      await rows.employee({ employeeId: 'E-CARL', name: 'Carl', unitId: 'E-UNIT', upn: 'carl@example.dk', roles: 'manager_assistant', from: '2020-01-01' });
      // Two rows with one UPN and no object id: against the import's rule, so neither is linked.
      await rows.employee({ employeeId: 'E-TWIN-1', name: 'Tvilling', unitId: 'E-UNIT', upn: 'twin@example.dk', from: '2020-01-01' });
      await rows.employee({ employeeId: 'E-TWIN-2', name: 'Tvilling', unitId: 'E-UNIT', upn: 'twin@example.dk', from: '2020-01-01' });
      await rows.employee({ employeeId: 'E-GONE', name: 'Gone', unitId: 'E-UNIT', phone: '+4533000020', from: '2020-01-01', to: '2024-12-31' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('finds an employee by object id (in any case), by id and by phone, as employed on the date', async () => {
      expect(await engine.repositories.employees.findByAadObjectId('AAD-ANNA', TODAY)).toEqual(ANNA);
      expect(await engine.repositories.employees.findById('E-BO', TODAY)).toEqual(BO);
      expect(await engine.repositories.employees.findByPhone('+4533000020', TODAY)).toEqual([ANNA]);
      expect((await engine.repositories.employees.findByPhone('+4533000020', '2024-06-01')).map((e) => e.id)).toEqual(['E-GONE', 'E-ANNA']);
      expect(await engine.repositories.employees.findById('E-GONE', TODAY)).toBeNull();
      expect(await engine.repositories.employees.findByAadObjectId('aad-nobody', TODAY)).toBeNull();
    });

    it('matches a role as a whole word of the role list, not as part of another role', async () => {
      expect((await engine.repositories.employees.withRole('manager', TODAY)).map((e) => e.id)).toEqual(['E-ANNA']);
      expect((await engine.repositories.employees.withRoleInUnit('E-UNIT', 'hotline_agent', TODAY)).map((e) => e.id)).toEqual(['E-BO']);
      expect(await engine.repositories.employees.withRoleInUnit('OTHER', 'manager', TODAY)).toEqual([]);
      expect((await engine.repositories.employees.allInForce(TODAY)).map((e) => e.id)).toEqual(['E-ANNA', 'E-BO', 'E-CARL', 'E-TWIN-1', 'E-TWIN-2']);
    });

    it('links a Teams user by UPN (in any case) to the one employee without an object id, and finds them by it afterwards', async () => {
      const linked = await engine.repositories.employees.linkByUpn('AAD-BO', ' BO@example.DK ', TODAY, NOW);
      expect(linked).toEqual({ employee: { ...BO, aadObjectId: 'aad-bo' }, replacedLinkIds: [] });
      expect(await engine.repositories.employees.findByAadObjectId('aad-bo', TODAY)).toEqual({ ...BO, aadObjectId: 'aad-bo' });
    });

    it('supersedes the earlier link when a user is linked again, and links nobody for an unknown or shared UPN', async () => {
      const first = await engine.repositories.employees.linkByUpn('aad-carl-old', 'carl@example.dk', TODAY, NOW);
      const [{ link_id: firstLink }] = (await engine.sql.all<{ link_id: number }>("SELECT link_id FROM employee_aad_links WHERE aad_object_id = 'aad-carl-old'")) as [{ link_id: number }];
      const again = await engine.repositories.employees.linkByUpn('aad-carl-new', 'carl@example.dk', TODAY, NOW);
      expect(first?.replacedLinkIds).toEqual([]);
      expect(again?.replacedLinkIds).toEqual([firstLink]);
      expect(await engine.repositories.employees.findByAadObjectId('aad-carl-old', TODAY)).toBeNull();
      expect((await engine.repositories.employees.findByAadObjectId('aad-carl-new', TODAY))?.id).toBe('E-CARL');
      expect(await engine.repositories.employees.linkByUpn('aad-x', 'nobody@example.dk', TODAY, NOW)).toBeNull();
      expect(await engine.repositories.employees.linkByUpn('aad-y', 'twin@example.dk', TODAY, NOW)).toBeNull();
    });

    it('writes nothing of a link when the unit of work it is part of rolls back', async () => {
      await expect(
        engine.transaction(async (tx) => {
          expect(await tx.employees.linkByUpn('aad-anna-rolled-back', 'twin@example.dk', TODAY, NOW)).toBeNull();
          await tx.employees.linkByUpn('aad-bo-second', 'bo@example.dk', TODAY, NOW);
          throw new Error('the audit row could not be written');
        }),
      ).rejects.toThrow('the audit row could not be written');
      expect((await engine.repositories.employees.findByAadObjectId('aad-bo', TODAY))?.id).toBe('E-BO');
      expect(await engine.repositories.employees.findByAadObjectId('aad-bo-second', TODAY)).toBeNull();
    });
  });
}
