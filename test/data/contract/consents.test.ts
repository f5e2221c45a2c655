import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

/** Made-up numbers of the right length; no real person's. */
const CONSENTED = '0505009001';
const NEVER = '0505009002';
const PURPOSE = 'bif_sof_sharing';

for (const { label, open } of contractEngines()) {
  describe(`consents on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      // Given in 2024, then a later import learned it was withdrawn: the newer version of that record counts.
      await rows.consent({ cpr: CONSENTED, source: 'import', administrations: 'BIF|SOF', from: '2024-02-01', supersededAt: '2025-01-10T00:00:00.000Z' });
      await rows.consent({ cpr: CONSENTED, source: 'import', administrations: 'BIF|SOF', withdrawnOn: '2025-01-05', from: '2024-02-01' });
      await rows.consent({ cpr: CONSENTED, source: 'digitalt_samtykke', administrations: 'BIF', reference: 'DS-77', expiresOn: '2026-03-01', from: '2025-03-01' });
      // Listed by the source until the end of 2024 only: history.
      await rows.consent({ cpr: CONSENTED, source: 'import', administrations: 'SOF', from: '2023-01-01', to: '2024-12-31' });
      // Given from a future day on: listed already.
      await rows.consent({ cpr: CONSENTED, source: 'digitalt_samtykke', administrations: 'SOF', from: '2025-09-01' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it("gives the records the source lists today or from a later day, each in its newest version, oldest given first", async () => {
      expect(await engine.repositories.consents.currentRecords(CONSENTED, PURPOSE, '2025-06-01')).toEqual([
        { givenOn: '2024-02-01', expiresOn: null, withdrawnOn: '2025-01-05', source: 'import', reference: null, administrations: ['BIF', 'SOF'] },
        { givenOn: '2025-03-01', expiresOn: '2026-03-01', withdrawnOn: null, source: 'digitalt_samtykke', reference: 'DS-77', administrations: ['BIF'] },
        { givenOn: '2025-09-01', expiresOn: null, withdrawnOn: null, source: 'digitalt_samtykke', reference: null, administrations: ['SOF'] },
      ]);
    });

    it('includes a record the source still listed on the day asked about, and none for a citizen without records', async () => {
      expect((await engine.repositories.consents.currentRecords(CONSENTED, PURPOSE, '2024-12-31')).map((record) => record.givenOn)).toEqual([
        '2023-01-01',
        '2024-02-01',
        '2025-03-01',
        '2025-09-01',
      ]);
      expect(await engine.repositories.consents.currentRecords(NEVER, PURPOSE, '2025-06-01')).toEqual([]);
    });
  });
}
