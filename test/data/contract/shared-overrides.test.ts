import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

/** Made-up numbers of the right length; no real person's. */
const MARKED = '0707009001';
const SAME_DAY = '0707009002';
const HALF = '0707009003';

const marking = (cpr: string, shared: boolean, from: string, reason = 'aftalt på møde') => ({
  cpr,
  shared,
  reason,
  byEmployeeId: 'E-SPECIALIST',
  from: from as IsoDate,
  now: new Date(`${from}T09:00:00Z`),
});

for (const { label, open } of contractEngines()) {
  describe(`sharedOverrides on ${label}`, () => {
    let engine: ContractEngine;
    const history = (cpr: string) =>
      engine.sql.all<{ shared: number; valid_from: string; valid_to: string | null; superseded: number }>(
        `SELECT shared, valid_from, valid_to, CASE WHEN superseded_at IS NULL THEN 0 ELSE 1 END AS superseded
           FROM shared_citizen_overrides WHERE cpr = @cpr ORDER BY override_id`,
        { cpr },
      );

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('marks a citizen from a date until further notice, and a later marking closes the earlier the day before', async () => {
      await engine.repositories.sharedOverrides.record(marking(MARKED, true, '2025-06-02'));
      await engine.repositories.sharedOverrides.record(marking(MARKED, false, '2025-08-01', 'ikke længere fælles'));
      expect(await engine.repositories.sharedOverrides.inForceOn(MARKED, '2025-06-01')).toBeNull();
      expect(await engine.repositories.sharedOverrides.inForceOn(MARKED, '2025-07-31')).toEqual({
        shared: true,
        reason: 'aftalt på møde',
        byEmployeeId: 'E-SPECIALIST',
        validFrom: '2025-06-02',
      });
      expect(await engine.repositories.sharedOverrides.inForceOn(MARKED, '2025-08-01')).toMatchObject({ shared: false, reason: 'ikke længere fælles' });
      expect(await history(MARKED)).toEqual([
        { shared: 1, valid_from: '2025-06-02', valid_to: null, superseded: 1 },
        { shared: 1, valid_from: '2025-06-02', valid_to: '2025-07-31', superseded: 0 },
        { shared: 0, valid_from: '2025-08-01', valid_to: null, superseded: 0 },
      ]);
    });

    it('replaces a marking of the same day without a closed copy', async () => {
      await engine.repositories.sharedOverrides.record(marking(SAME_DAY, true, '2025-06-02'));
      await engine.repositories.sharedOverrides.record(marking(SAME_DAY, false, '2025-06-02', 'fejl'));
      expect((await history(SAME_DAY)).map((row) => [row.shared, row.valid_to, row.superseded])).toEqual([
        [1, null, 1],
        [0, null, 0],
      ]);
    });

    it('writes nothing of a marking the schema refuses (an empty reason): the earlier marking stays in force', async () => {
      await engine.repositories.sharedOverrides.record(marking(HALF, true, '2025-06-02'));
      const before = await history(HALF);
      await expect(engine.repositories.sharedOverrides.record(marking(HALF, false, '2025-07-01', '   '))).rejects.toThrow(/CHECK|check/);
      expect(await history(HALF)).toEqual(before);
      expect(await engine.repositories.sharedOverrides.inForceOn(HALF, '2025-07-01')).toMatchObject({ shared: true });
    });
  });
}
