import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuideSearchRecord } from '../../../data/repositories/guide-searches.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00.000Z`);
const search = (query: string, hits: number, shownEntryIds: string[], administration: GuideSearchRecord['administration'] = 'BIF'): GuideSearchRecord => ({
  source: 'command',
  query,
  queryFolded: query.toLowerCase(),
  administration,
  hits,
  shownEntryIds,
});
const RETENTION_DAYS = 90;

for (const { label, open } of contractEngines()) {
  describe(`guideSearches on ${label}`, () => {
    let engine: ContractEngine;
    const shown = (searchId: number) =>
      engine.sql.all<{ entry_id: string; position: number; opened: number }>(
        'SELECT entry_id, position, CASE WHEN opened_at IS NULL THEN 0 ELSE 1 END AS opened FROM guide_search_results WHERE search_id = @searchId ORDER BY position',
        { searchId },
      );

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('records a search with the entries it showed in order, adds further ones after them, and marks an opened one once', async () => {
      const id = await engine.repositories.guideSearches.record(search('Bolig', 3, ['bolig', 'husleje']), at('2025-06-02'), RETENTION_DAYS);
      await engine.repositories.guideSearches.addShown(id, ['husleje', 'flytning', 'depositum']);
      expect(await shown(id)).toEqual([
        { entry_id: 'bolig', position: 1, opened: 0 },
        { entry_id: 'husleje', position: 2, opened: 0 },
        { entry_id: 'flytning', position: 3, opened: 0 },
        { entry_id: 'depositum', position: 4, opened: 0 },
      ]);
      expect(await engine.repositories.guideSearches.markOpened(id, 'flytning', at('2025-06-02', '10:05'))).toBe(true);
      expect(await engine.repositories.guideSearches.markOpened(id, 'flytning', at('2025-06-02', '10:06'))).toBe(false);
      expect(await engine.repositories.guideSearches.markOpened(id, 'never-shown', at('2025-06-02', '10:06'))).toBe(false);
    });

    it('deletes searches older than the retention period, with their results, when it records a new one', async () => {
      await engine.repositories.guideSearches.record(search('gammel', 1, ['gammel']), at('2025-01-01'), RETENTION_DAYS);
      await engine.repositories.guideSearches.record(search('ny', 0, []), at('2025-06-03'), RETENTION_DAYS);
      // By query, not id: SQLite hands a deleted newest id out again (no AUTOINCREMENT), PostgreSQL never does.
      expect(await engine.sql.all("SELECT query FROM guide_searches WHERE query IN ('gammel', 'ny') ORDER BY query")).toEqual([{ query: 'ny' }]);
      expect(await engine.sql.all("SELECT entry_id FROM guide_search_results WHERE entry_id = 'gammel'")).toEqual([]);
    });

    it('reports counts, administrations, the top queries without result or not opened, and the most opened entries', async () => {
      const day = '2025-07-01';
      const opened = await engine.repositories.guideSearches.record(search('Misbrug', 2, ['misbrug', 'alkohol'], 'SOF'), at(day), RETENTION_DAYS);
      await engine.repositories.guideSearches.markOpened(opened, 'misbrug', at(day, '10:01'));
      const openedToo = await engine.repositories.guideSearches.record(search('misbrug', 1, ['misbrug'], 'other'), at(day, '10:02'), RETENTION_DAYS);
      await engine.repositories.guideSearches.markOpened(openedToo, 'misbrug', at(day, '10:03'));
      await engine.repositories.guideSearches.record(search('Xyz', 0, []), at(day, '10:04'), RETENTION_DAYS);
      await engine.repositories.guideSearches.record(search('xyz', 0, []), at(day, '10:05'), RETENTION_DAYS);
      await engine.repositories.guideSearches.record(search('Abc', 0, []), at(day, '10:06'), RETENTION_DAYS);
      await engine.repositories.guideSearches.record(search('Bolig', 2, ['bolig', 'husleje']), at(day, '10:07'), RETENTION_DAYS);
      expect(await engine.repositories.guideSearches.report(at(day, '00:00'), at(day, '23:59'))).toEqual({
        searches: 6,
        withoutResult: 3,
        notOpened: 1,
        byAdministration: { BIF: 4, SOF: 1, other: 1 },
        topWithoutResult: [
          { query: 'Xyz', searches: 2 },
          { query: 'Abc', searches: 1 },
        ],
        topNotOpened: [{ query: 'Bolig', searches: 1 }],
        mostOpened: [{ entryId: 'misbrug', opened: 2 }],
      });
      expect((await engine.repositories.guideSearches.report(at(day, '00:00'), at(day, '23:59'), 1)).topWithoutResult).toEqual([{ query: 'Xyz', searches: 2 }]);
    });

    it('refuses a search the schema does not allow (a query over 200 characters) and records nothing of it', async () => {
      const before = await engine.sql.get<{ n: number }>('SELECT count(*) AS n FROM guide_searches');
      await expect(engine.repositories.guideSearches.record(search('x'.repeat(201), 0, []), at('2025-07-02'), RETENTION_DAYS)).rejects.toThrow(/CHECK|check/);
      expect(await engine.sql.get('SELECT count(*) AS n FROM guide_searches')).toEqual(before);
    });
  });
}
