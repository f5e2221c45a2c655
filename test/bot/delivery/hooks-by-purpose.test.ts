import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../../data/repositories/outbox.js';
import type { Tx } from '../../../data/store/store.js';
import type { DeliveryHooks } from '../../../bot/delivery/delivery-hooks.js';
import { hooksByPurpose } from '../../../bot/delivery/hooks-by-purpose.js';
import { worldStore } from '../../support/world.js';

describe('delivery hooks get the transaction they run in', () => {
  it("hooksByPurpose hands render the reads and each other hook the tx, and a hook's writes through it are undone with the unit", async () => {
    const store = await worldStore();
    const seen: string[] = [];
    const greetOnSent: DeliveryHooks = {
      render: async (reads) => {
        seen.push(`render ${reads.greetedUsers === store.greetedUsers ? 'reads the store' : 'reads something else'}`);
        return null;
      },
      onSent: async (tx: Tx, row) => {
        seen.push(`sent ${row.id}`);
        await tx.greetedUsers.markGreeted(`sent-${row.id}`, new Date());
      },
      onDead: async (tx: Tx, row, reason) => {
        seen.push(`dead ${row.id} ${reason}`);
        await tx.greetedUsers.markGreeted(`dead-${row.id}`, new Date());
      },
    };
    const hooks = hooksByPurpose({ greeting: greetOnSent }, { render: async () => null });
    const row = { id: 7, purpose: 'greeting' } as OutboxRow;
    expect(await hooks.render(store, row, new Date())).toBeNull();
    await store.transaction((tx) => hooks.onSent!(tx, row, 'activity-1', new Date()));
    await expect(
      store.transaction(async (tx) => {
        await hooks.onDead!(tx, row, 'gone', new Date());
        throw new Error('the unit fails after the hook');
      }),
    ).rejects.toThrow('the unit fails after the hook');
    expect(seen).toEqual(['render reads the store', 'sent 7', 'dead 7 gone']);
    expect(await store.greetedUsers.markGreeted('sent-7', new Date())).toBe(false);
    expect(await store.greetedUsers.markGreeted('dead-7', new Date())).toBe(true);
  });
});
