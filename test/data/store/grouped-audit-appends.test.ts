import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../data/repositories/audit-log.js';
import { StoreBusy } from '../../../data/sql/store-busy.js';
import { groupedAuditAppends } from '../../../data/store/grouped-audit-appends.js';
import type { Store, Tx } from '../../../data/store/store.js';
import { emptyStore } from '../import-fixtures.js';
import { sqlColumn } from '../../support/raw-sql.js';

const entry = (i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 9, 0, i)),
  action: 'citizen.lookup',
  purpose: 'single_point_of_entry',
  result: 'shown',
  actorEmployeeId: 'E-ANNA',
  actorAadObjectId: null,
  actorAdministration: 'BIF',
  citizenCpr: null,
  asOf: '2026-03-01',
  detail: { i },
  ...overrides,
});

/** The store's units, counted: how many units of work the appends took. */
function countedUnits(store: Store) {
  const counted = { units: 0 };
  const append = groupedAuditAppends((work: (tx: Tx) => Promise<void>) => {
    counted.units++;
    return store.transaction(work);
  });
  return { append, counted };
}

const appendedIs = async (store: Store) => (await sqlColumn<string>(store, 'SELECT detail FROM audit_log ORDER BY id')).map((detail) => JSON.parse(detail).i);

describe('audit.appendCommitted: the rows of one tick in one unit of work (on the engine under test)', () => {
  it('appends the entries that arrive together in one unit, in the order they came, chained; later ones in the next', async () => {
    const store = await emptyStore();
    const { append, counted } = countedUnits(store);
    await Promise.all([1, 2, 3, 4, 5].map((i) => append(entry(i))));
    expect(counted.units).toBe(1);
    await append(entry(6));
    expect(counted.units).toBe(2);
    expect(await appendedIs(store)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.audit.verifyChain()).toMatchObject({ rows: 6, firstBreak: null });
  });

  it('a bad entry in a batch fails alone: its caller gets the error, the other rows are written and chained', async () => {
    const store = await emptyStore();
    const { append, counted } = countedUnits(store);
    const outcomes = await Promise.allSettled([append(entry(1)), append(entry(2, { at: new Date(Number.NaN) })), append(entry(3))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(RangeError);
    // The batch, then each entry in a unit of its own.
    expect(counted.units).toBe(4);
    expect(await appendedIs(store)).toEqual([1, 3]);
    expect(await store.audit.verifyChain()).toMatchObject({ rows: 2, firstBreak: null });
  });

  it('a store busy for longer than the deadline: the batch is tried again until then, every caller gets StoreBusy, nothing is written, no entry is tried alone', async () => {
    const store = await emptyStore();
    let units = 0;
    const append = groupedAuditAppends(
      async () => {
        units++;
        throw new StoreBusy();
      },
      { busyDeadlineMs: 300 },
    );
    const began = performance.now();
    const outcomes = await Promise.allSettled([append(entry(1)), append(entry(2))]);
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusy);
    expect(units).toBeGreaterThan(2);
    expect(performance.now() - began).toBeGreaterThan(150);
    expect(await appendedIs(store)).toEqual([]);
  });

  // A lookup's turn must not fail for a write lock held a moment (an import's switch): its audit row waits it out.
  it('a store busy for a moment: the batch is tried again and every entry is written once, chained', async () => {
    const store = await emptyStore();
    let busyLeft = 2;
    let units = 0;
    const append = groupedAuditAppends((work: (tx: Tx) => Promise<void>) => {
      units++;
      if (busyLeft-- > 0) return Promise.reject(new StoreBusy());
      return store.transaction(work);
    });
    await Promise.all([append(entry(1)), append(entry(2))]);
    expect(units).toBe(3);
    expect(await appendedIs(store)).toEqual([1, 2]);
    expect(await store.audit.verifyChain()).toMatchObject({ rows: 2, firstBreak: null });
  });

  it("is the store's appendCommitted: entries of one tick settle after their commit, chained", async () => {
    const store = await emptyStore();
    const appended = Promise.all([1, 2, 3].map((i) => store.audit.appendCommitted(entry(i))));
    expect(await appendedIs(store)).toEqual([]);
    await appended;
    expect(await appendedIs(store)).toEqual([1, 2, 3]);
    expect((await store.audit.verifyChain()).firstBreak).toBeNull();
  });
});
