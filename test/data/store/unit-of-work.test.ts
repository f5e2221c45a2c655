import { afterEach, describe, expect, it } from 'vitest';
import { StoreUsedInsideUnit, TxOutsideUnit } from '../../../data/store/unit-checks.js';
import { openStore, type Store, type Tx, rawDb } from '../../../data/store/store.js';
import type { AuditEntry } from '../../../data/repositories/audit-log.js';
import { emptyStore } from '../import-fixtures.js';
import { sqlColumn } from '../../support/raw-sql.js';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function memoryStore(): Promise<Store> {
  const store = await openStore(':memory:');
  stores.push(store);
  return store;
}

const greet = (tx: Pick<Tx, 'greetedUsers'>, id: string) => tx.greetedUsers.markGreeted(id, new Date('2025-06-02T10:00:00Z'));
const greeted = (store: Store) => sqlColumn(store, 'SELECT aad_object_id FROM greeted_users ORDER BY 1');
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store.transaction (one unit of work, on the engine under test)', () => {
  it('commits what the unit wrote through tx and returns its value', async () => {
    const store = await emptyStore();
    expect(
      await store.transaction(async (tx) => {
        await greet(tx, 'a');
        await greet(tx, 'b');
        return 'done';
      }),
    ).toBe('done');
    expect(await greeted(store)).toEqual(['a', 'b']);
  });

  it('writes nothing when the unit throws: the error reaches the caller', async () => {
    const store = await emptyStore();
    const failure = new Error('halfway');
    await expect(
      store.transaction(async (tx) => {
        await greet(tx, 'a');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await greeted(store)).toEqual([]);
  });

  it('refuses store.transaction inside a unit of the same store (it would wait for the outer unit): the outer unit can go on', async () => {
    const store = await emptyStore();
    await store.transaction(async (tx) => {
      await greet(tx, 'before');
      await expect(store.transaction((inner) => greet(inner, 'inner'))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
      await greet(tx, 'after');
    });
    expect(await greeted(store)).toEqual(['after', 'before']);
  });

  it('refuses the store-level units inside a unit (commitGrouped, audit.appendCommitted, also through tx); tx.audit.append writes in the unit', async () => {
    const store = await emptyStore();
    const entry: AuditEntry = { at: new Date('2025-06-02T10:00:00Z'), action: 'unit.test', purpose: 'test', result: 'recorded', actorEmployeeId: null, actorAadObjectId: 'aad-test', actorAdministration: null, citizenCpr: null, asOf: null };
    const before = (await store.audit.chainHead()).rows;
    let kept: Tx | undefined;
    await store.transaction(async (tx) => {
      kept = tx;
      await expect(store.commitGrouped((inner) => greet(inner, 'grouped'))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
      await expect(store.audit.appendCommitted(entry)).rejects.toBeInstanceOf(StoreUsedInsideUnit);
      await expect(tx.audit.appendCommitted(entry)).rejects.toBeInstanceOf(StoreUsedInsideUnit);
      await tx.audit.append(entry);
    });
    await expect(kept!.audit.appendCommitted(entry)).rejects.toBeInstanceOf(TxOutsideUnit);
    expect((await store.audit.chainHead()).rows).toBe(before + 1);
    expect(await greeted(store)).toEqual([]);
  });

  it('binds each tx to its own unit: one kept past its unit is refused while another unit runs, and writes nothing into it', async () => {
    const store = await emptyStore();
    const kept = await store.transaction(async (tx) => tx);
    await store.transaction(async (tx) => {
      await greet(tx, 'second');
      await expect(greet(kept, 'kept')).rejects.toBeInstanceOf(TxOutsideUnit);
    });
    expect(await greeted(store)).toEqual(['second']);
  });

  it('gives each unit of a group commit a tx of its own, refused once that unit has ended', async () => {
    const store = await emptyStore();
    const kept: Tx[] = [];
    await Promise.all([
      store.commitGrouped(async (tx) => {
        kept.push(tx);
        await greet(tx, 'one');
      }),
      store.commitGrouped(async (tx) => {
        await greet(tx, 'two');
        if (kept[0]) await expect(greet(kept[0], 'through the first')).rejects.toBeInstanceOf(TxOutsideUnit);
        kept.push(tx);
      }),
    ]);
    expect(kept).toHaveLength(2);
    expect(await greeted(store)).toEqual(['one', 'two']);
  });
});

describe('store.transaction on SQLite (one connection: a FIFO lock keeps other callers out)', () => {

  it('keeps other callers out while the unit is open: their write waits, and survives the unit rolling back', async () => {
    const store = await memoryStore();
    let outsideDone = false;
    // Another caller (another turn): it arrives 10 ms into the unit.
    const outside = later(10)
      .then(() => store.greetedUsers.markGreeted('outside', new Date()))
      .then(() => (outsideDone = true));
    const unit = store.transaction(async (tx) => {
      await greet(tx, 'inside');
      // Not what a unit should do (await the network); here it keeps the unit open across real time.
      await later(30);
      expect(outsideDone).toBe(false);
      throw new Error('the unit fails');
    });
    await expect(unit).rejects.toThrow('the unit fails');
    await outside;
    expect(outsideDone).toBe(true);
    expect(await greeted(store)).toEqual(['outside']);
  });

  it('refuses the store itself inside its own unit (it would wait for the unit forever): use tx', async () => {
    const store = await memoryStore();
    await expect(store.transaction(async () => store.greetedUsers.markGreeted('wrong', new Date()))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
    expect(await greeted(store)).toEqual([]);
  });

  it('refuses a tx kept past its unit', async () => {
    const store = await memoryStore();
    const kept = await store.transaction(async (tx) => tx);
    await expect(greet(kept, 'late')).rejects.toBeInstanceOf(TxOutsideUnit);
    expect(await greeted(store)).toEqual([]);
  });

  it('queues many callers in order without growing the stack', async () => {
    const store = await memoryStore();
    const unit = store.transaction(async (tx) => {
      await later(5);
      await greet(tx, 'first');
    });
    const queued = Array.from({ length: 20_000 }, (_, i) => store.conversations.find(`c${i}`));
    await unit;
    expect(await Promise.all(queued)).toHaveLength(20_000);
    expect(await greeted(store)).toEqual(['first']);
  });
});

describe('store.readSnapshot on SQLite', () => {
  it('reads through its own reads; the store itself is refused inside it', async () => {
    const store = await memoryStore();
    await greet(store, 'a');
    expect(await store.readSnapshot(async (reads) => (await reads.conversations.find('none')) ?? 'nothing')).toBe('nothing');
    await expect(store.readSnapshot(async () => store.conversations.find('none'))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
  });
});

describe('the store hides its driver', () => {
  it('has no db member; tests reach the SQLite handle only through rawDb(store)', async () => {
    const store = await memoryStore();
    expect('db' in store).toBe(false);
    expect(rawDb(store).open).toBe(true);
  });
});

describe('store.writesSoFar (SQLite)', () => {
  it('grows with each row written, not with reads', async () => {
    const store = await memoryStore();
    const before = store.writesSoFar();
    await store.greetedUsers.markGreeted('a', new Date());
    const afterOne = store.writesSoFar();
    expect(afterOne).toBeGreaterThan(before);
    await store.conversations.find('nowhere');
    expect(store.writesSoFar()).toBe(afterOne);
  });
});
