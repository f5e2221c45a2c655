import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../domain/dates/iso-date.js';
import { retryWhileBusy } from '../../../data/sql/retry-while-busy.js';
import { StoreBusy } from '../../../data/sql/store-busy.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

type LinkRow = { channel_id: string; by_employee_id: string; valid_from: string; valid_to: string | null; superseded: number };

const link = (unitId: string, channelId: string, from: string, now = `${from}T09:00:00Z`) => ({
  unitId,
  channelId,
  byEmployeeId: 'E-ADMIN',
  from: from as IsoDate,
  now: new Date(now),
});

for (const { kind, label, open } of contractEngines()) {
  describe(`channelLinks on ${label}`, () => {
    let engine: ContractEngine;
    /** Every version row of the unit's links, oldest first: the history the links leave behind. */
    const history = (unitId: string) =>
      engine.sql.all<LinkRow>(
        `SELECT channel_id, by_employee_id, valid_from, valid_to, CASE WHEN superseded_at IS NULL THEN 0 ELSE 1 END AS superseded
           FROM unit_channel_links WHERE unit_id = @unitId ORDER BY link_id`,
        { unitId },
      );

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('links a channel from a date until further notice; before that date the unit has none linked in chat', async () => {
      await engine.repositories.channelLinks.link(link('RUS', '19:rus-1', '2025-06-02'));
      expect(await engine.repositories.channelLinks.channelOf('RUS', '2025-06-01')).toBeNull();
      expect(await engine.repositories.channelLinks.channelOf('RUS', '2025-06-02')).toBe('19:rus-1');
      expect(await engine.repositories.channelLinks.channelOf('RUS', '2030-01-01')).toBe('19:rus-1');
      expect(await engine.repositories.channelLinks.channelOf('OTHER', '2025-06-02')).toBeNull();
    });

    it('replaces a link from a later date: the old one is superseded and written again closed the day before', async () => {
      await engine.repositories.channelLinks.link(link('JOB', '19:job-1', '2025-06-02'));
      await engine.repositories.channelLinks.link(link('JOB', '19:job-2', '2025-07-01'));
      expect(await history('JOB')).toEqual([
        { channel_id: '19:job-1', by_employee_id: 'E-ADMIN', valid_from: '2025-06-02', valid_to: null, superseded: 1 },
        { channel_id: '19:job-1', by_employee_id: 'E-ADMIN', valid_from: '2025-06-02', valid_to: '2025-06-30', superseded: 0 },
        { channel_id: '19:job-2', by_employee_id: 'E-ADMIN', valid_from: '2025-07-01', valid_to: null, superseded: 0 },
      ]);
      expect(await engine.repositories.channelLinks.channelOf('JOB', '2025-06-30')).toBe('19:job-1');
      expect(await engine.repositories.channelLinks.channelOf('JOB', '2025-07-01')).toBe('19:job-2');
    });

    it('replaces a link made the same day without a closed copy: it never was in force on a day of its own', async () => {
      await engine.repositories.channelLinks.link(link('SAME', '19:same-wrong', '2025-06-02'));
      await engine.repositories.channelLinks.link(link('SAME', '19:same-right', '2025-06-02', '2025-06-02T09:05:00Z'));
      expect((await history('SAME')).map((row) => [row.channel_id, row.valid_to, row.superseded])).toEqual([
        ['19:same-wrong', null, 1],
        ['19:same-right', null, 0],
      ]);
      expect(await engine.repositories.channelLinks.channelOf('SAME', '2025-06-02')).toBe('19:same-right');
    });

    it('writes nothing of a link that fails half-way: the open link stays as it was', async () => {
      await engine.repositories.channelLinks.link(link('HALF', '19:half-1', '2025-06-02'));
      const before = await history('HALF');
      const broken = { ...link('HALF', null as unknown as string, '2025-07-01') };
      await expect(engine.repositories.channelLinks.link(broken)).rejects.toThrow(/NOT NULL|not-null/);
      expect(await history('HALF')).toEqual(before);
      expect(await engine.repositories.channelLinks.channelOf('HALF', '2025-07-01')).toBe('19:half-1');
    });

    it('writes nothing when the unit of work it is part of rolls back', async () => {
      await expect(
        engine.transaction(async (tx) => {
          await tx.channelLinks.link(link('UNIT', '19:unit-1', '2025-06-02'));
          expect(await tx.channelLinks.channelOf('UNIT', '2025-06-02')).toBe('19:unit-1');
          throw new Error('the confirmation could not be queued');
        }),
      ).rejects.toThrow('the confirmation could not be queued');
      expect(await history('UNIT')).toEqual([]);
    });

    it('keeps one open link when two link the same unit at once (a lost race is busy and runs again)', async () => {
      await engine.repositories.channelLinks.link(link('RACE', '19:race-0', '2025-06-01'));
      await Promise.all(
        ['19:race-a', '19:race-b'].map((channelId) =>
          retryWhileBusy(() => engine.repositories.channelLinks.link(link('RACE', channelId, '2025-06-02')), { deadlineMs: 10_000 }),
        ),
      );
      const open = (await history('RACE')).filter((row) => row.superseded === 0 && row.valid_to === null);
      expect(open).toHaveLength(1);
      expect(['19:race-a', '19:race-b']).toContain(open[0]!.channel_id);
      expect((await history('RACE')).filter((row) => row.superseded === 0 && row.valid_to === '2025-06-01')).toHaveLength(1);
    });

    // SQLite runs one unit of work at a time, so only PostgreSQL can interleave two links of one unit.
    if (kind === 'postgres') {
      it('refuses the later of two interleaved links of one unit as busy, with nothing of it written, and it succeeds run again', async () => {
        await engine.repositories.channelLinks.link(link('INTERLEAVED', '19:il-0', '2025-06-01'));
        let readTaken!: () => void;
        const laterHasRead = new Promise<void>((resolve) => (readTaken = resolve));
        const earlier = engine.transaction(async (tx) => {
          await tx.channelLinks.link(link('INTERLEAVED', '19:il-a', '2025-06-02'));
          await laterHasRead; // commits only once the later unit has taken its snapshot
        });
        const later = engine.transaction(async (tx) => {
          expect(await tx.channelLinks.channelOf('INTERLEAVED', '2025-06-02')).toBe('19:il-0');
          readTaken();
          await earlier;
          await tx.channelLinks.link(link('INTERLEAVED', '19:il-b', '2025-06-02'));
        });
        await expect(later).rejects.toBeInstanceOf(StoreBusy);
        expect((await history('INTERLEAVED')).map((row) => row.channel_id)).toEqual(['19:il-0', '19:il-0', '19:il-a']);
        await engine.repositories.channelLinks.link(link('INTERLEAVED', '19:il-b', '2025-06-02'));
        expect(await engine.repositories.channelLinks.channelOf('INTERLEAVED', '2025-06-02')).toBe('19:il-b');
      });
    }

    it('keeps the links append-only: a link cannot be rewritten, deleted or superseded twice', async () => {
      await engine.repositories.channelLinks.link(link('GUARD', '19:guard-1', '2025-06-02'));
      const refused = (statement: string) => expect(engine.sql.run(statement, { unitId: 'GUARD' })).rejects.toThrow(/append-only|superseded only once/);
      await refused("UPDATE unit_channel_links SET channel_id = '19:other' WHERE unit_id = @unitId");
      await refused("UPDATE unit_channel_links SET valid_to = '2025-12-31' WHERE unit_id = @unitId");
      await refused('DELETE FROM unit_channel_links WHERE unit_id = @unitId');
      await engine.repositories.channelLinks.link(link('GUARD', '19:guard-2', '2025-06-02', '2025-06-02T10:00:00Z'));
      await refused("UPDATE unit_channel_links SET superseded_at = '2025-06-03T00:00:00.000Z' WHERE unit_id = @unitId AND channel_id = '19:guard-1'");
    });
  });
}
