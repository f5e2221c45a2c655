import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractEngines, type ContractEngine } from './contract-engines.js';

const NOW = new Date('2025-06-02T10:00:00Z');

for (const { label, open } of contractEngines()) {
  describe(`greetedUsers on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('says true the first time a user is greeted and false ever after, whatever the case of the id', async () => {
      expect(await engine.repositories.greetedUsers.markGreeted('AAD-First', NOW)).toBe(true);
      expect(await engine.repositories.greetedUsers.markGreeted('aad-first', new Date('2025-06-03T10:00:00Z'))).toBe(false);
      expect(await engine.repositories.greetedUsers.markGreeted('AAD-FIRST', NOW)).toBe(false);
      expect(await engine.sql.all('SELECT aad_object_id, greeted_at FROM greeted_users WHERE aad_object_id = @id', { id: 'aad-first' })).toEqual([
        { aad_object_id: 'aad-first', greeted_at: '2025-06-02T10:00:00.000Z' },
      ]);
    });

    it('greets a user once when two turns (or two instances) greet at the same time', async () => {
      const both = await Promise.all([
        engine.repositories.greetedUsers.markGreeted('aad-together', NOW),
        engine.repositories.greetedUsers.markGreeted('aad-together', NOW),
      ]);
      expect(both.filter(Boolean)).toEqual([true]);
    });

    it('writes nothing when the unit of work it is part of rolls back', async () => {
      await expect(
        engine.transaction(async (tx) => {
          expect(await tx.greetedUsers.markGreeted('aad-rolled-back', NOW)).toBe(true);
          throw new Error('the welcome card could not be made');
        }),
      ).rejects.toThrow('the welcome card could not be made');
      expect(await engine.repositories.greetedUsers.markGreeted('aad-rolled-back', NOW)).toBe(true);
    });
  });
}
