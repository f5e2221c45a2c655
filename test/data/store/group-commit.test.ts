import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../data/repositories/audit-log.js';
import { StoreBusy } from '../../../data/sql/store-busy.js';
import { openStore, rawDb, type Store, type Tx } from '../../../data/store/store.js';
import { holdWriteLock } from '../../support/write-lock.js';
import { removeTempFolders, tempFolder } from '../import-fixtures.js';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  removeTempFolders();
});

async function storeAt(path: string): Promise<Store> {
  const store = await openStore(path);
  stores.push(store);
  return store;
}

const greet = (tx: Tx, id: string) => tx.greetedUsers.markGreeted(id, new Date('2025-06-02T10:00:00Z'));
const greeted = (store: Store) => rawDb(store).prepare('SELECT aad_object_id FROM greeted_users ORDER BY 1').pluck().all();

describe('store.commitGrouped on SQLite (group commit; its one connection read synchronously between batches; PostgreSQL: test/data/postgres/store.test.ts)', () => {
  it('commits units of the same tick in one transaction; a failing one is rolled back alone and only its caller is told', async () => {
    const store = await storeAt(':memory:');
    let inOneTransaction = 0;
    const unit = (id: string, fail = false) =>
      store.commitGrouped(async (tx) => {
        if (rawDb(store).inTransaction) inOneTransaction++;
        await greet(tx, id);
        if (fail) throw new Error(`${id} fails`);
        return id;
      });
    const settled = await Promise.allSettled([unit('a'), unit('b', true), unit('c')]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(greeted(store)).toEqual(['a', 'c']);
    expect(inOneTransaction).toBe(3);
  });

  it('settles nothing before the commit: a promise resolves only after its row is readable', async () => {
    const store = await storeAt(':memory:');
    const pending = store.commitGrouped((tx) => greet(tx, 'a'));
    expect(greeted(store)).toEqual([]);
    await pending;
    expect(greeted(store)).toEqual(['a']);
  });

  it('audit.appendCommitted goes through the same batches and settles after the commit', async () => {
    const store = await storeAt(':memory:');
    const entry = (i: number): AuditEntry => ({ at: new Date(), action: 'test', purpose: 'test', result: 'shown', actorEmployeeId: null, actorAadObjectId: null, actorAdministration: null, citizenCpr: null, asOf: null, detail: { i } });
    const appended = Promise.all([0, 1, 2].map((i) => store.audit.appendCommitted(entry(i))));
    expect(rawDb(store).prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
    await appended;
    expect(rawDb(store).prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(3);
  });

  it('while another connection holds the write lock, rejects the whole batch with StoreBusy and writes nothing; later batches commit', async () => {
    const path = join(tempFolder(), 'group.sqlite');
    const store = await storeAt(path);
    const lock = holdWriteLock(path);
    try {
      const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => store.commitGrouped((tx) => greet(tx, id))));
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusy);
    } finally {
      lock.release();
    }
    expect(greeted(store)).toEqual([]);
    await store.commitGrouped((tx) => greet(tx, 'd'));
    expect(greeted(store)).toEqual(['d']);
  });
});
