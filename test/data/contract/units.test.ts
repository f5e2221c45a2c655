import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unit } from '../../../data/repositories/units.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

const unit = (id: string, name: string, administration: string, parentId: string | null, extra: Partial<Unit> = {}): Unit => ({
  id,
  name,
  administration,
  parentId,
  phone: null,
  email: null,
  teamsChannelId: null,
  entryPoint: false,
  ...extra,
});

const TOP = unit('T-TOP', 'Top', 'BIF', null);
const MIDDLE = unit('T-MID', 'Midt', 'BIF', 'T-TOP', { entryPoint: true, phone: '+4533000010', email: 'midt@example.dk', teamsChannelId: '19:midt' });
const LEAF = unit('T-LEAF', 'Ældre navn', 'BIF', 'T-MID');
const RENAMED_LEAF = unit('T-LEAF', 'Blad', 'BIF', 'T-MID', { entryPoint: true });
const SOF_UNIT = unit('T-SOF', 'Bostøtte', 'SOF', null, { entryPoint: true });

for (const { label, open } of contractEngines()) {
  describe(`units on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.unit({ unitId: 'T-TOP', name: 'Top', administration: 'BIF', from: '2020-01-01' });
      await rows.unit({ unitId: 'T-MID', name: 'Midt', administration: 'BIF', parentId: 'T-TOP', entryPoint: 1, phone: '+4533000010', email: 'midt@example.dk', teamsChannelId: '19:midt', from: '2020-01-01' });
      await rows.unit({ unitId: 'T-LEAF', name: 'Ældre navn', administration: 'BIF', parentId: 'T-MID', from: '2020-01-01', to: '2024-12-31' });
      await rows.unit({ unitId: 'T-LEAF', name: 'Blad', administration: 'BIF', parentId: 'T-MID', entryPoint: 1, from: '2025-01-01' });
      await rows.unit({ unitId: 'T-SOF', name: 'Bostøtte', administration: 'SOF', entryPoint: 1, from: '2020-01-01' });
      // Two units naming each other as parent: the chain stops instead of looping.
      await rows.unit({ unitId: 'T-LOOP-A', name: 'Løkke A', administration: 'SOF', parentId: 'T-LOOP-B', from: '2020-01-01' });
      await rows.unit({ unitId: 'T-LOOP-B', name: 'Løkke B', administration: 'SOF', parentId: 'T-LOOP-A', from: '2020-01-01' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('finds a unit as it was on the date, or null before it existed', async () => {
      expect(await engine.repositories.units.findById('T-LEAF', '2024-12-31')).toEqual(LEAF);
      expect(await engine.repositories.units.findById('T-LEAF', '2025-01-01')).toEqual(RENAMED_LEAF);
      expect(await engine.repositories.units.findById('T-LEAF', '2019-12-31')).toBeNull();
    });

    it('gives a unit with its ancestors nearest first, and stops at a cycle', async () => {
      expect(await engine.repositories.units.withAncestors('T-LEAF', '2025-06-01')).toEqual([RENAMED_LEAF, MIDDLE, TOP]);
      expect((await engine.repositories.units.withAncestors('T-LOOP-A', '2025-06-01')).map((u) => u.id)).toEqual(['T-LOOP-A', 'T-LOOP-B']);
      expect(await engine.repositories.units.withAncestors('T-NONE', '2025-06-01')).toEqual([]);
    });

    it("lists an administration's entry points by name, its units top-level first, and every unit", async () => {
      expect(await engine.repositories.units.entryPointsOf('BIF', '2025-06-01')).toEqual([RENAMED_LEAF, MIDDLE]);
      expect(await engine.repositories.units.entryPointsOf('BIF', '2024-06-01')).toEqual([MIDDLE]);
      expect((await engine.repositories.units.unitsOf('BIF', '2025-06-01')).map((u) => u.id)).toEqual(['T-TOP', 'T-LEAF', 'T-MID']);
      expect((await engine.repositories.units.allInForce('2025-06-01')).map((u) => u.id)).toEqual(['T-TOP', 'T-LEAF', 'T-MID', 'T-SOF', 'T-LOOP-A', 'T-LOOP-B']);
      expect(await engine.repositories.units.entryPointsOf('SOF', '2025-06-01')).toEqual([SOF_UNIT]);
    });

    it('gives every administration\'s entry points in one call, as entryPointsOf gives each', async () => {
      for (const date of ['2024-06-01', '2025-06-01']) {
        const both = await engine.repositories.units.entryPointsByAdministration(date);
        expect(both.BIF).toEqual(await engine.repositories.units.entryPointsOf('BIF', date));
        expect(both.SOF).toEqual(await engine.repositories.units.entryPointsOf('SOF', date));
      }
    });

    it("gives an administration's names in Danish and English, or null for an unknown code", async () => {
      expect(await engine.repositories.units.administrationNames('SOF')).toEqual({ da: 'Socialforvaltningen', en: 'Social Services Administration' });
      expect(await engine.repositories.units.administrationNames('XXX')).toBeNull();
    });
  });
}
