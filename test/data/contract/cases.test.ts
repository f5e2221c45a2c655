import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenCase } from '../../../data/repositories/cases.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

/** Made-up numbers of the right length; no real person's. */
const TWO_CASES = '0202009001';
const NO_CASES = '0202009002';

const BIF_CASE: OpenCase = {
  administration: 'BIF',
  unitId: 'JC-NORD',
  unitName: 'Jobcenter Nord',
  unitPhone: '+4533000001',
  unitEmail: 'nord@example.dk',
  parentUnitName: 'Jobcentre',
  caseworkerId: 'E-ANNA',
  caseworkerName: 'Anna Andersen',
  caseworkerUpn: 'anna@example.dk',
  caseworkerPhone: '+4533000002',
  caseworkerEmail: 'anna@example.dk', // no email of her own: her UPN
  category: 'kontanthjælp',
  greenLine: true,
  openedOn: '2024-05-01',
  validFrom: '2024-05-01',
  validTo: null,
};

const SOF_CASE: OpenCase = {
  administration: 'SOF',
  unitId: 'SOF-UNKNOWN',
  unitName: null,
  unitPhone: null,
  unitEmail: null,
  parentUnitName: null,
  caseworkerId: null,
  caseworkerName: null,
  caseworkerUpn: null,
  caseworkerPhone: null,
  caseworkerEmail: null,
  category: null,
  greenLine: false,
  openedOn: '2025-01-01',
  validFrom: '2025-01-01',
  validTo: '2025-12-31',
};

for (const { label, open } of contractEngines()) {
  describe(`cases on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.unit({ unitId: 'JC', name: 'Jobcentre', administration: 'BIF', from: '2020-01-01' });
      await rows.unit({ unitId: 'JC-NORD', name: 'Jobcenter Nord (gammelt navn)', administration: 'BIF', parentId: 'JC', from: '2020-01-01', to: '2023-12-31' });
      await rows.unit({ unitId: 'JC-NORD', name: 'Jobcenter Nord', administration: 'BIF', parentId: 'JC', phone: '+4533000001', email: 'nord@example.dk', from: '2024-01-01' });
      await rows.employee({ employeeId: 'E-ANNA', name: 'Anna Andersen', unitId: 'JC-NORD', upn: 'anna@example.dk', phone: '+4533000002', from: '2020-01-01' });
      await rows.case({ cpr: TWO_CASES, administration: 'BIF', unitId: 'JC-NORD', caseworkerId: 'E-ANNA', category: 'kontanthjælp', greenLine: 1, from: '2024-05-01' });
      await rows.case({ cpr: TWO_CASES, administration: 'SOF', unitId: 'SOF-UNKNOWN', from: '2025-01-01', to: '2025-12-31' });
      await rows.case({ cpr: TWO_CASES, administration: 'BIF', unitId: 'JC-NORD', from: '2020-01-01', supersededAt: '2024-01-01T00:00:00.000Z' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('gives the open cases on the date by administration, with the unit, its parent and the caseworker in force then', async () => {
      expect(await engine.repositories.cases.openCasesOf(TWO_CASES, '2025-06-01')).toEqual([BIF_CASE, SOF_CASE]);
      expect(await engine.repositories.cases.openCasesOf(TWO_CASES, '2026-01-01')).toEqual([BIF_CASE]);
    });

    it('leaves out superseded case versions and gives [] for a citizen without open cases', async () => {
      expect(await engine.repositories.cases.openCasesOf(TWO_CASES, '2021-01-01')).toEqual([]);
      expect(await engine.repositories.cases.openCasesOf(NO_CASES, '2025-06-01')).toEqual([]);
    });

    it('says whether the citizen has an open case in an administration on the date', async () => {
      expect(await engine.repositories.cases.hasOpenCaseIn(TWO_CASES, 'SOF', '2025-12-31')).toBe(true);
      expect(await engine.repositories.cases.hasOpenCaseIn(TWO_CASES, 'SOF', '2026-01-01')).toBe(false);
      expect(await engine.repositories.cases.hasOpenCaseIn(TWO_CASES, 'BIF', '2026-01-01')).toBe(true);
      expect(await engine.repositories.cases.hasOpenCaseIn(NO_CASES, 'BIF', '2025-06-01')).toBe(false);
    });

    it('keeps the case history append-only: a version cannot be rewritten or deleted', async () => {
      await expect(engine.sql.run("UPDATE case_versions SET unit_id = 'JC' WHERE cpr = @cpr", { cpr: TWO_CASES })).rejects.toThrow(/append-only/);
      await expect(engine.sql.run('DELETE FROM case_versions WHERE cpr = @cpr', { cpr: TWO_CASES })).rejects.toThrow(/append-only/);
    });
  });
}
