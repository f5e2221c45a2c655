import { describe, expect, it } from 'vitest';
import type { Wrote } from '../../../data/sql/commit-signal.js';
import type { Store, Tx } from '../../../data/store/store.js';
import { emptyStore } from '../import-fixtures.js';

const NOW = new Date('2025-06-02T10:00:00Z');

async function listenedStore(): Promise<{ store: Store; heard: Wrote[] }> {
  const store = await emptyStore();
  const heard: Wrote[] = [];
  store.onCommitted((wrote) => heard.push(wrote));
  return { store, heard };
}

const enqueue = (tx: Pick<Tx, 'outbox'>, key: string) =>
  tx.outbox.enqueue({ dedupeKey: key, operation: 'post', conversationId: '19:a@thread.tacv2', message: { text: key }, purpose: 'test', now: NOW });
const microtasksRun = () => new Promise((resolve) => setImmediate(resolve));

describe('store.onCommitted (the outbox worker wakes because of the commit), on the engine under test', () => {
  it('tells the listener once, after the COMMIT, that a unit wrote outbox rows', async () => {
    const { store, heard } = await listenedStore();
    await store.transaction(async (tx) => {
      await enqueue(tx, 'a');
      await enqueue(tx, 'b');
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual([{ outbox: true, announcementSends: false }]);
    await microtasksRun();
    expect(heard).toHaveLength(1);
  });

  it('tells nobody about a rolled-back unit', async () => {
    const { store, heard } = await listenedStore();
    await expect(
      store.transaction(async (tx) => {
        await enqueue(tx, 'a');
        throw new Error('halfway');
      }),
    ).rejects.toThrow('halfway');
    await microtasksRun();
    expect(heard).toEqual([]);
  });

  it('tells nothing of a grouped unit that rolled back in its savepoint, though the batch beside it committed', async () => {
    const { store, heard } = await listenedStore();
    const failing = store.commitGrouped(async (tx) => {
      await enqueue(tx, 'rolled-back');
      throw new Error('fails');
    });
    const committing = store.commitGrouped((tx) => tx.greetedUsers.markGreeted('beside', new Date()));
    await expect(failing).rejects.toThrow('fails');
    await committing;
    await microtasksRun();
    expect(heard).toEqual([]);
    expect(await store.outbox.dueHeads(new Date('2100-01-01T00:00:00Z'))).toEqual([]);
  });

  it('tells once, after the commit, for a unit that wrote twice; a rolled-back unit adds nothing', async () => {
    // (A unit inside a unit is refused on both engines: StoreUsedInsideUnit, see unit-of-work.test.ts.)
    const { store, heard } = await listenedStore();
    await store.transaction(async (tx) => {
      await enqueue(tx, 'first');
      await enqueue(tx, 'second');
      expect(heard).toEqual([]);
    });
    expect(heard).toHaveLength(1);
    await expect(
      store.transaction(async (tx) => {
        await enqueue(tx, 'rolled-back');
        throw new Error('fails');
      }),
    ).rejects.toThrow('fails');
    await microtasksRun();
    expect(heard).toHaveLength(1);
  });

  it('tells after a grouped commit, and not for a grouped unit that failed', async () => {
    const { store, heard } = await listenedStore();
    await Promise.all([store.commitGrouped((tx) => enqueue(tx, 'a')), store.commitGrouped((tx) => enqueue(tx, 'b'))]);
    expect(heard).toEqual([{ outbox: true, announcementSends: false }]);
    await expect(
      store.commitGrouped(async (tx) => {
        await enqueue(tx, 'c');
        throw new Error('fails');
      }),
    ).rejects.toThrow('fails');
    await microtasksRun();
    expect(heard).toHaveLength(1);
  });

  it('tells about a single write outside a unit, and about scheduled announcement sends', async () => {
    const { store, heard } = await listenedStore();
    await enqueue(store, 'alone');
    await microtasksRun();
    expect(heard).toEqual([{ outbox: true, announcementSends: false }]);
    await store.transaction(async (tx) => {
      const id = await tx.announcements.create({ kind: 'message', state: 'active', title: 'Møde', body: 'Kom!', url: null, audience: { all: true }, delivery: 'channels', sendAt: null, recurrence: null, source: 'api', createdBy: 'api', senderConversationId: null, now: NOW });
      await tx.announcements.scheduleSend(id, NOW);
    });
    expect(heard[1]).toEqual({ outbox: false, announcementSends: true });
  });

  it('stays quiet for units that wrote neither, and after the listener unsubscribed', async () => {
    const { store, heard } = await listenedStore();
    await store.transaction((tx) => tx.greetedUsers.markGreeted('u', NOW));
    const other: Wrote[] = [];
    const unsubscribe = store.onCommitted((wrote) => other.push(wrote));
    unsubscribe();
    await store.transaction((tx) => enqueue(tx, 'a'));
    await microtasksRun();
    expect(heard).toHaveLength(1);
    expect(other).toEqual([]);
  });
});
