import { AsyncLocalStorage } from 'node:async_hooks';

/** The store itself was called inside one of its own units of work, where only `tx` may be used. */
export class StoreUsedInsideUnit extends Error {
  override readonly name = 'StoreUsedInsideUnit';
  constructor() {
    super('the store was called inside one of its own units of work: use the unit\'s tx (the store would wait for the unit, which waits for it)');
  }
}

/** `tx` was used after its unit of work had ended, or outside any. */
export class TxOutsideUnit extends Error {
  override readonly name = 'TxOutsideUnit';
  constructor() {
    super('a tx was used outside its unit of work (after it committed or rolled back)');
  }
}

/** A unit of work as the checks see it: which store it belongs to, and whether it is still running. */
export type CheckedUnit = { readonly owner: object; readonly open: boolean };

type Node = { readonly unit: CheckedUnit; readonly outer: Node | undefined };

/**
 * The check that the store is not called inside one of its own units of work (it would wait for the unit, which
 * waits for it: on SQLite for ever, on PostgreSQL on a lock). A unit's `tx` is bound to its unit and needs no check;
 * this one has to know which unit the caller's async context is in, which only AsyncLocalStorage can tell. On Node 20
 * that puts promise hooks on every promise in the process: measured on 2026-11-26, 0.3 ms more CPU per turn in a bare
 * echo bot and 0.6 ms per lookup. So it runs where mistakes are found, not in production: on with
 * BROBYGGER_CHECK_UNITS=1, which the tests set for themselves and every process they start.
 */
let context: AsyncLocalStorage<Node> | null = process.env.BROBYGGER_CHECK_UNITS === '1' ? new AsyncLocalStorage<Node>() : null;

/** Turns the check on or off for this process (the tests' setup turns it on). */
export function checkUnitsOfWork(on: boolean): void {
  context = on ? (context ?? new AsyncLocalStorage<Node>()) : null;
}

export function unitsOfWorkChecked(): boolean {
  return context !== null;
}

/** Runs `body` (a unit's work) as inside `unit`, when checking. */
export function within<T>(unit: CheckedUnit, body: () => T): T {
  if (!context) return body();
  return context.run({ unit, outer: context.getStore() }, body);
}

/** Throws StoreUsedInsideUnit when checking and the caller is inside a running unit of work of `owner`. */
export function refuseInsideUnitOf(owner: object): void {
  if (context && openUnitOf(owner, context.getStore())) throw new StoreUsedInsideUnit();
}

function openUnitOf(owner: object, node: Node | undefined): CheckedUnit | undefined {
  for (; node; node = node.outer) if (node.unit.owner === owner && node.unit.open) return node.unit;
  return undefined;
}
