import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../data/repositories/events.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const event = (webhookId: string, overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  webhookId,
  type: 'benefit.stopped',
  occurredAt: '2025-06-02T08:00:00.000Z',
  receivedAt: '2025-06-02T08:00:01.000Z',
  cpr: '0404009001', // made up, no real person's
  eventDate: '2025-06-02',
  data: { cpr: '0404009001', reason: 'sanktion', nested: { æøå: ['ja', 1, null] } },
  ...overrides,
});

for (const { label, open } of contractEngines()) {
  describe(`events on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('stores a new event once and gives it back as it came, its data included', async () => {
      expect(await engine.repositories.events.insertIfNew(event('wh-new'))).toBe(true);
      expect(await engine.repositories.events.find('wh-new')).toEqual(event('wh-new'));
      expect(await engine.repositories.events.find('wh-unknown')).toBeNull();
    });

    it('says false for a webhook id accepted before and writes nothing, not even different details', async () => {
      expect(await engine.repositories.events.insertIfNew(event('wh-twice'))).toBe(true);
      expect(await engine.repositories.events.insertIfNew(event('wh-twice', { type: 'benefit.resumed', data: { other: true } }))).toBe(false);
      expect(await engine.repositories.events.find('wh-twice')).toEqual(event('wh-twice'));
    });

    it('stores an event about no citizen with a null CPR number', async () => {
      expect(await engine.repositories.events.insertIfNew(event('wh-no-cpr', { cpr: null, data: {} }))).toBe(true);
      expect(await engine.repositories.events.find('wh-no-cpr')).toMatchObject({ cpr: null, data: {} });
    });

    it('refuses a CPR number of the wrong length and stores nothing of the event', async () => {
      await expect(engine.repositories.events.insertIfNew(event('wh-bad-cpr', { cpr: '12345' }))).rejects.toThrow(/CHECK|check/);
      expect(await engine.repositories.events.find('wh-bad-cpr')).toBeNull();
    });

    it('keeps accepted events append-only: an event cannot be rewritten or deleted', async () => {
      await engine.repositories.events.insertIfNew(event('wh-guarded'));
      await expect(engine.sql.run("UPDATE events SET type = 'other' WHERE webhook_id = @id", { id: 'wh-guarded' })).rejects.toThrow(/append-only/);
      await expect(engine.sql.run('DELETE FROM events WHERE webhook_id = @id', { id: 'wh-guarded' })).rejects.toThrow(/append-only/);
    });
  });
}
