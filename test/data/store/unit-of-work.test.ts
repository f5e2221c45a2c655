import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store, rawDb } from '../../../data/store/store.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function memoryStore(): Store {
  const store = openStore(':memory:');
  stores.push(store);
  return store;
}

const greet = (tx: Pick<Store, 'greetedUsers'>, id: string) => tx.greetedUsers.markGreeted(id, new Date('2025-06-02T10:00:00Z'));
const greetedCount = (store: Store) => rawDb(store).prepare('SELECT count(*) FROM greeted_users').pluck().get();

describe('store.transaction (one unit of work)', () => {
  it('commits what the unit wrote through tx and returns its value', () => {
    const store = memoryStore();
    expect(store.transaction((tx) => (greet(tx, 'a'), greet(tx, 'b'), 'done'))).toBe('done');
    expect(greetedCount(store)).toBe(2);
  });

  it('writes nothing when the unit throws: the error reaches the caller', () => {
    const store = memoryStore();
    const failure = new Error('halfway');
    expect(() =>
      store.transaction((tx) => {
        greet(tx, 'a');
        throw failure;
      }),
    ).toThrow(failure);
    expect(greetedCount(store)).toBe(0);
  });

  it('joins the outer unit when used inside one: the outer failing takes the inner write with it', () => {
    const store = memoryStore();
    expect(() =>
      store.transaction((tx) => {
        store.transaction((inner) => greet(inner, 'inner'));
        greet(tx, 'outer');
        throw new Error('outer fails');
      }),
    ).toThrow('outer fails');
    expect(greetedCount(store)).toBe(0);
  });
});

describe('store.commitGrouped', () => {
  it('commits units of the same tick together, settles only after the commit, and a failing unit is rolled back alone', async () => {
    const store = memoryStore();
    const first = store.commitGrouped((tx) => (greet(tx, 'a'), 1));
    const failing = store.commitGrouped((tx) => {
      greet(tx, 'b');
      throw new Error('this one fails');
    });
    const third = store.commitGrouped((tx) => (greet(tx, 'c'), 3));
    expect(greetedCount(store)).toBe(0);
    const settled = await Promise.allSettled([first, failing, third]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(rawDb(store).prepare('SELECT aad_object_id FROM greeted_users ORDER BY 1').pluck().all()).toEqual(['a', 'c']);
  });
});

describe('the store hides its driver', () => {
  it('has no db member; tests reach the SQLite handle only through rawDb(store)', () => {
    const store = memoryStore();
    expect('db' in store).toBe(false);
    expect(rawDb(store).open).toBe(true);
  });
});

describe('store.writesSoFar', () => {
  it('grows with each row written, not with reads', () => {
    const store = memoryStore();
    const before = store.writesSoFar();
    store.greetedUsers.markGreeted('a', new Date());
    const afterOne = store.writesSoFar();
    expect(afterOne).toBeGreaterThan(before);
    store.conversations.find('nowhere');
    expect(store.writesSoFar()).toBe(afterOne);
  });
});
