import type { Sql } from '../sql/sql.js';

/**
 * What an import needs from an engine: one connection for the whole import (its TEMP tables are seen by it alone and
 * go with it), the two kinds of transaction of issue 14 §5, and the guide's search index, which each engine keeps
 * its own way. SQLite: data/sqlite/sqlite-import-session.ts; PostgreSQL: data/postgres/pg-import-session.ts.
 */
export interface ImportSession {
  /** Every statement of the import, on the one connection. */
  readonly sql: Sql;
  /** Prefix that names a TEMP table beyond doubt (`temp.` on SQLite, `pg_temp.` on PostgreSQL). */
  readonly temp: string;
  /**
   * Reads one snapshot of the store and writes TEMP tables only, so it holds no write lock: the bot goes on
   * answering and writing while an import stages and plans.
   */
  withoutWriteLock<T>(work: () => Promise<T>): Promise<T>;
  /** The switch: one write transaction, readers see all of it or none; one import or retention at a time. */
  switchOver<T>(work: () => Promise<T>): Promise<T>;
  /** Adds rows (values in `columns`' order) to the TEMP table `table`, the engine's fastest way. */
  insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Makes the guide's search index match the guide's current versions (inside `switchOver`). */
  rebuildGuideIndex(): Promise<void>;
}
