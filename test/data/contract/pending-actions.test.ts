import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const NOW = new Date('2025-06-02T10:00:00.000Z');
const minutesLater = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const action = (payload: unknown = { unitId: 'RUS', channelId: '19:rus' }) => ({ employeeId: 'E-ADMIN', kind: 'channel-link', payload, now: NOW, ttlMinutes: 15 });

for (const { label, open } of contractEngines()) {
  describe(`pendingActions on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('creates an action under a random id and gives back its details and expiry', async () => {
      const id = await engine.repositories.pendingActions.create(action({ list: [1, 'to'], flag: true }));
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await engine.repositories.pendingActions.find(id)).toEqual({
        id,
        employeeId: 'E-ADMIN',
        kind: 'channel-link',
        payload: { list: [1, 'to'], flag: true },
        createdAt: '2025-06-02T10:00:00.000Z',
        expiresAt: '2025-06-02T10:15:00.000Z',
        settledAt: null,
      });
      expect(await engine.repositories.pendingActions.find('no-such-id')).toBeNull();
    });

    it('settles an action once: a second click, or one after expiry, changes nothing', async () => {
      const id = await engine.repositories.pendingActions.create(action());
      expect(await engine.repositories.pendingActions.trySettle(id, 'confirmed', minutesLater(1))).toBe(true);
      expect(await engine.repositories.pendingActions.trySettle(id, 'cancelled', minutesLater(2))).toBe(false);
      expect((await engine.repositories.pendingActions.find(id))?.settledAt).toBe(minutesLater(1).toISOString());
      const expired = await engine.repositories.pendingActions.create(action());
      expect(await engine.repositories.pendingActions.trySettle(expired, 'confirmed', minutesLater(15))).toBe(false);
      expect(await engine.repositories.pendingActions.trySettle('no-such-id', 'confirmed', minutesLater(1))).toBe(false);
    });

    it('lets only one of two clicks at the same moment settle it', async () => {
      const id = await engine.repositories.pendingActions.create(action());
      const both = await Promise.all([
        engine.repositories.pendingActions.trySettle(id, 'confirmed', minutesLater(1)),
        engine.repositories.pendingActions.trySettle(id, 'cancelled', minutesLater(1)),
      ]);
      expect(both.filter(Boolean)).toEqual([true]);
    });
  });
}
