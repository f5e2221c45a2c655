import { rawSql } from '../../data/store/raw-sql.js';
import type { SqlParams } from '../../data/sql/sql.js';
import type { Store } from '../../data/store/store.js';

export { rawSql };

/**
 * Raw SQL for tests, on whichever engine the store is (`@name` parameters; one SQL text for both engines where it can
 * be, `rawSql(store).dialect` where it cannot). Each statement commits on its own, outside any unit of work.
 */
export async function sqlRows<Row = Record<string, any>>(store: Store, text: string, params?: SqlParams): Promise<Row[]> {
  return rawSql(store).all<Row>(text, params);
}

export async function sqlRow<Row = Record<string, any>>(store: Store, text: string, params?: SqlParams): Promise<Row | undefined> {
  return rawSql(store).get<Row>(text, params);
}

/** The first column of each row (better-sqlite3's `pluck().all()`). */
export async function sqlColumn<T = unknown>(store: Store, text: string, params?: SqlParams): Promise<T[]> {
  return (await rawSql(store).all<Record<string, unknown>>(text, params)).map((row) => Object.values(row)[0] as T);
}

/** The first column of the first row, undefined without one (better-sqlite3's `pluck().get()`). */
export async function sqlValue<T = unknown>(store: Store, text: string, params?: SqlParams): Promise<T> {
  const row = await rawSql(store).get<Record<string, unknown>>(text, params);
  return (row === undefined ? undefined : Object.values(row)[0]) as T;
}

export async function sqlRun(store: Store, text: string, params?: SqlParams): Promise<number> {
  return (await rawSql(store).run(text, params)).changes;
}
