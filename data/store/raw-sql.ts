import type { Sql } from '../sql/sql.js';
import type { Store } from './store.js';

const rawSqls = new WeakMap<Store, Sql>();

/** Called by the engines when they make a store: the statements `rawSql` hands to tests. */
export function rememberRawSql<S extends Store>(store: S, sql: Sql): S {
  rawSqls.set(store, sql);
  return store;
}

/**
 * For tests only (raw SQL to arrange or inspect a state, on whichever engine the store is): statements outside any
 * unit of work, each committing on its own. The bot's code never sees it (test/architecture/layers.test.ts); it goes
 * through the repositories and store.transaction.
 */
export function rawSql(store: Store): Sql {
  const sql = rawSqls.get(store);
  if (!sql) throw new Error('not a store made by createStore or openPostgresStore');
  return sql;
}
