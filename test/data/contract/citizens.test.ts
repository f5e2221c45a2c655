import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEngines, type ContractEngine } from './contract-engines.js';
import { versionRows } from './version-rows.js';

/** Made-up numbers of the right length; no real person's. */
const RENAMED = '0101009001';
const CORRECTED = '0101009002';

for (const { label, open } of contractEngines()) {
  describe(`citizens on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
      const rows = versionRows(engine.sql);
      await rows.citizen({ cpr: RENAMED, name: 'Første Navn', from: '2024-01-01', to: '2025-02-28' });
      await rows.citizen({ cpr: RENAMED, name: 'Andet Navn', from: '2025-03-01' });
      // A correction: the first belief was superseded by the import, so it is no longer in force on any date.
      await rows.citizen({ cpr: CORRECTED, name: 'Fejlstavet', from: '2024-01-01', supersededAt: '2025-01-02T00:00:00.000Z' });
      await rows.citizen({ cpr: CORRECTED, name: 'Rettet Navn', from: '2024-01-01' });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('gives the name in force on the date, including on the first and last day of a period', async () => {
      expect(await engine.repositories.citizens.nameOf(RENAMED, '2024-01-01')).toBe('Første Navn');
      expect(await engine.repositories.citizens.nameOf(RENAMED, '2025-02-28')).toBe('Første Navn');
      expect(await engine.repositories.citizens.nameOf(RENAMED, '2025-03-01')).toBe('Andet Navn');
      expect(await engine.repositories.citizens.nameOf(RENAMED, '2030-01-01')).toBe('Andet Navn');
    });

    it('ignores superseded versions, and gives null for a citizen unknown on the date or altogether', async () => {
      expect(await engine.repositories.citizens.nameOf(CORRECTED, '2024-06-01')).toBe('Rettet Navn');
      expect(await engine.repositories.citizens.nameOf(RENAMED, '2023-12-31')).toBeNull();
      expect(await engine.repositories.citizens.nameOf('0101009999', '2025-03-01')).toBeNull();
    });

    it('keeps the history append-only: a version cannot be rewritten, deleted or superseded twice', async () => {
      const refused = (statement: string) => expect(engine.sql.run(statement, { cpr: RENAMED })).rejects.toThrow(/append-only|superseded only once/);
      await refused("UPDATE citizen_versions SET name = 'Omskrevet' WHERE cpr = @cpr");
      await refused('DELETE FROM citizen_versions WHERE cpr = @cpr');
      await engine.sql.run("UPDATE citizen_versions SET superseded_at = '2025-06-01T00:00:00.000Z' WHERE cpr = @cpr AND valid_to IS NOT NULL", { cpr: RENAMED });
      await refused("UPDATE citizen_versions SET superseded_at = '2025-06-02T00:00:00.000Z' WHERE cpr = @cpr AND valid_to IS NOT NULL");
      expect(await engine.repositories.citizens.nameOf(RENAMED, '2024-06-01')).toBeNull();
    });
  });
}
