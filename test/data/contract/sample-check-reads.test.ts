import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

/** Made-up numbers of the right length; no real person's. */
const CHECKED = '0606009001';
const QUIET = '0606009002';

for (const { label, open } of contractEngines()) {
  describe(`sampleCheck reads on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.actionPlan({ cpr: CHECKED, outcome: 'declined', on: '2025-01-10' });
      await rows.actionPlan({ cpr: CHECKED, outcome: 'accepted', on: '2025-04-02' });
      await rows.actionPlan({ cpr: CHECKED, outcome: 'accepted', on: '2025-09-01' }); // after "today"
      for (const [webhookId, state] of [['wh-open-1', 'open'], ['wh-open-2', 'open'], ['wh-claimed', 'claimed'], ['wh-resolved', 'resolved']] as const) {
        await engine.sql.run(
          `INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data)
           VALUES (@webhookId, 'benefit.stopped', '2025-06-01T08:00:00.000Z', '2025-06-01T08:00:00.000Z', @cpr, '2025-06-01', '{}')`,
          { webhookId, cpr: CHECKED },
        );
        await engine.sql.run(
          `INSERT INTO alerts (webhook_id, unit_id, channel_id, route_reason, state, created_at)
           VALUES (@webhookId, 'JC', '19:jc', 'caseworker-unit', @state, '2025-06-01T08:00:00.000Z')`,
          { webhookId, state },
        );
      }
    });
    afterAll(async () => {
      await engine?.close();
    });

    it("gives the citizen's action plan offers up to today, newest first", async () => {
      expect(await engine.repositories.sampleCheck.actionPlanOffers(CHECKED, '2025-06-01')).toEqual([
        { offeredOn: '2025-04-02', outcome: 'accepted', completedOn: null },
        { offeredOn: '2025-01-10', outcome: 'declined', completedOn: null },
      ]);
      expect(await engine.repositories.sampleCheck.actionPlanOffers(QUIET, '2025-06-01')).toEqual([]);
    });

    it('counts the alerts not yet resolved and, of those, the unclaimed ones; zeros for a citizen without any', async () => {
      expect(await engine.repositories.sampleCheck.alertCounts(CHECKED)).toEqual({ open: 3, unclaimed: 2 });
      expect(await engine.repositories.sampleCheck.alertCounts(QUIET)).toEqual({ open: 0, unclaimed: 0 });
    });
  });
}
