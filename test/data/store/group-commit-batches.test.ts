import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../data/store/group-commit.js';
import { GroupCommit } from '../../../data/store/group-commit.js';

/** Its outcome, with a handler attached at once (a rejection is not unhandled while the test waits). */
const settled = <T>(promise: Promise<T>) => Promise.allSettled([promise]).then(([outcome]) => outcome!);
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/** A commitBatch that records each batch and commits it only when the test says so. */
function heldBatches() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const commitBatch = (works: readonly string[]) =>
    new Promise<Outcome<string>[]>((resolve, reject) => {
      batches.push([...works]);
      releases.push(() => (works.includes('busy') ? reject(new Error('busy')) : resolve(works.map((work) => (work.startsWith('bad') ? { ok: false, error: new Error(work) } : { ok: true, result: `${work} done` })))));
    });
  return { batches, commitBatch, release: async (index: number) => {
      releases[index]!();
      for (let i = 0; i < 3; i++) await nextTick();
    } };
}

describe('GroupCommit: one batch in flight', () => {
  it('units that arrive while a batch is in flight wait for it and go in the next batch together', async () => {
    const held = heldBatches();
    const group = new GroupCommit(held.commitBatch);
    const first = group.submit('a');
    await nextTick();
    const later = [group.submit('b'), settled(group.submit('bad c'))];
    await nextTick();
    const last = group.submit('d');
    await nextTick();
    expect(held.batches).toEqual([['a']]);
    await held.release(0);
    await expect(first).resolves.toBe('a done');
    expect(held.batches).toEqual([['a'], ['b', 'bad c', 'd']]);
    await held.release(1);
    await expect(later[0]).resolves.toBe('b done');
    expect(await later[1]).toMatchObject({ status: 'rejected', reason: new Error('bad c') });
    await expect(last).resolves.toBe('d done');
  });

  it('a batch that fails as a whole fails each of its units, and the units after it still commit', async () => {
    const held = heldBatches();
    const group = new GroupCommit(held.commitBatch);
    const failing = [settled(group.submit('busy')), settled(group.submit('e'))];
    await nextTick();
    const after = group.submit('f');
    await held.release(0);
    expect(await Promise.all(failing)).toMatchObject([{ status: 'rejected', reason: new Error('busy') }, { status: 'rejected', reason: new Error('busy') }]);
    await held.release(1);
    await expect(after).resolves.toBe('f done');
    expect(held.batches).toEqual([['busy', 'e'], ['f']]);
  });
});
