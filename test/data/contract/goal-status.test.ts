import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

/** Made-up numbers of the right length; no real person's. */
const SHARED_BY_CASES = '0303009001';
const MARKED_SHARED = '0303009002';
const BIF_ONLY = '0303009003';
const OTHER_CATEGORY = '0303009004';
const CASES_APART = '0303009005';
const SHARED_CATEGORIES = ['aktivitetsparat', 'jobparat'];
const FROM = '2025-03-01';
const TO = '2025-03-31';

for (const { label, open } of contractEngines()) {
  describe(`goalStatus on ${label}`, () => {
    let engine: ContractEngine;
    let markedOverride: number;
    let notSharedOverride: number;

    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.case({ cpr: SHARED_BY_CASES, administration: 'BIF', unitId: 'JC', category: 'jobparat', from: '2025-01-01' });
      await rows.case({ cpr: SHARED_BY_CASES, administration: 'SOF', unitId: 'BO', from: '2025-03-15', to: '2025-04-30' });
      await rows.case({ cpr: SHARED_BY_CASES, administration: 'BIF', unitId: 'JC', category: 'sygedagpenge', from: '2024-01-01', to: '2024-12-31' });
      await rows.activation({ cpr: SHARED_BY_CASES, type: 'virksomhedspraktik', from: '2025-03-10', to: '2025-03-20' });
      notSharedOverride = (await rows.override({ cpr: SHARED_BY_CASES, shared: 0, from: '2025-03-20' }))!.override_id;
      markedOverride = (await rows.override({ cpr: MARKED_SHARED, shared: 1, from: '2025-02-01' }))!.override_id;
      await rows.case({ cpr: BIF_ONLY, administration: 'BIF', unitId: 'JC', category: 'aktivitetsparat', from: '2025-01-01' });
      await rows.case({ cpr: OTHER_CATEGORY, administration: 'BIF', unitId: 'JC', category: 'sygedagpenge', from: '2025-01-01' });
      await rows.case({ cpr: OTHER_CATEGORY, administration: 'SOF', unitId: 'BO', from: '2025-01-01' });
      // Open in BIF during the period, in SOF only after it.
      await rows.case({ cpr: CASES_APART, administration: 'BIF', unitId: 'JC', category: 'aktivitetsparat', from: '2025-01-01' });
      await rows.case({ cpr: CASES_APART, administration: 'SOF', unitId: 'BO', from: '2025-04-01' });

      for (const [on, outcome] of [['2025-02-03', 'accepted'], ['2025-03-04', 'declined'], ['2025-03-05', 'accepted'], ['2025-03-31', 'declined']] as const) {
        await rows.actionPlan({ cpr: BIF_ONLY, outcome, on });
      }
      await rows.goalTarget({ kind: 'action_plan_offers', value: 120, from: '2025-01-01', to: '2025-12-31' });
      await rows.goalTarget({ kind: 'action_plan_offers', value: 150, from: '2025-07-01', to: '2025-12-31' });
      await rows.goalTarget({ kind: 'activation_rate', value: 42.5, from: '2025-01-01' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('gives the facts of everyone who may have been shared in the period: open BIF (shared category) and SOF cases, or a marking', async () => {
      expect(await engine.repositories.goalStatus.sharedCandidateFacts(FROM, TO, SHARED_CATEGORIES)).toEqual({
        cases: [
          { cpr: SHARED_BY_CASES, administration: 'BIF', category: 'jobparat', validFrom: '2025-01-01', validTo: null },
          { cpr: SHARED_BY_CASES, administration: 'SOF', category: null, validFrom: '2025-03-15', validTo: '2025-04-30' },
        ],
        overrides: [
          { cpr: SHARED_BY_CASES, shared: false, overrideId: notSharedOverride, validFrom: '2025-03-20', validTo: null },
          { cpr: MARKED_SHARED, shared: true, overrideId: markedOverride, validFrom: '2025-02-01', validTo: null },
        ],
        activations: [{ cpr: SHARED_BY_CASES, validFrom: '2025-03-10', validTo: '2025-03-20' }],
      });
    });

    it('finds nobody in a period without candidates, or with no shared categories', async () => {
      const nobody = { cases: [], overrides: [], activations: [] };
      expect(await engine.repositories.goalStatus.sharedCandidateFacts('2020-01-01', '2020-12-31', SHARED_CATEGORIES)).toEqual(nobody);
      expect((await engine.repositories.goalStatus.sharedCandidateFacts(FROM, TO, [])).cases).toEqual([]);
    });

    it('counts the action plan offers dated in the period and the declined ones; none gives zeros', async () => {
      expect(await engine.repositories.goalStatus.offers('2025-01-01', TO)).toEqual({ offered: 4, declined: 2 });
      expect(await engine.repositories.goalStatus.offers(FROM, '2025-03-04')).toEqual({ offered: 1, declined: 1 });
      expect(await engine.repositories.goalStatus.offers('2020-01-01', '2020-12-31')).toEqual({ offered: 0, declined: 0 });
    });

    it('gives the target in force on a date (the latest-starting one, should several be), a fraction as it is, or null', async () => {
      expect(await engine.repositories.goalStatus.targetOn('action_plan_offers', '2025-06-30')).toBe(120);
      expect(await engine.repositories.goalStatus.targetOn('action_plan_offers', '2025-07-01')).toBe(150);
      // The strategy's own targets (seeded by the migrations on both engines) before and after these.
      expect(await engine.repositories.goalStatus.targetOn('action_plan_offers', '2026-01-01')).toBe(1500);
      expect(await engine.repositories.goalStatus.targetOn('action_plan_offers', '2008-12-31')).toBeNull();
      expect(await engine.repositories.goalStatus.targetOn('activation_rate', '2025-03-01')).toBe(42.5);
    });
  });
}
