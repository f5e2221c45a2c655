import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations as allMigrations } from '../migrations/index.js';
import type { Migration } from '../migrations/migration.js';
import { isBusyError, StoreBusy } from '../sql/store-busy.js';
import type { Db } from '../sqlite/db.js';

export type { Db };

/** Batch jobs (import, audit extract) may wait this long for another process's write lock. */
export const BATCH_BUSY_TIMEOUT_MS = 5000;

export type OpenOptions = {
  migrations?: readonly Migration[];
  readonly?: boolean;
  /**
   * How long one statement waits, blocking the whole process, for another process's write lock before it fails
   * with SQLITE_BUSY. Pending migrations always wait up to BATCH_BUSY_TIMEOUT_MS.
   */
  busyTimeoutMs?: number;
};

/**
 * Opens (creating if needed) the one SQLite file, sets the pragmas every connection needs and applies pending
 * migrations (only they need the write lock). `:memory:` works for tests.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BATCH_BUSY_TIMEOUT_MS}`);
  // INSERT OR REPLACE deletes the old row; with recursive triggers on, that delete fires the append-only triggers.
  db.pragma('recursive_triggers = ON');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // Audit rows and accepted events must survive a power cut once the user has been answered.
    db.pragma('synchronous = FULL');
    try {
      applyMigrations(db, options.migrations ?? allMigrations);
    } catch (error) {
      db.close();
      if (!isBusyError(error)) throw error;
      throw new StoreBusy('pending database migrations need the write lock, and another process holds it: start again when it is released', { cause: error });
    }
  }
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? BATCH_BUSY_TIMEOUT_MS)}`);
  return db;
}

export function applyMigrations(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const newlyApplied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

/** For /readyz: the file is open and every known migration has been applied. */
export function schemaIsCurrent(db: Db, migrations: readonly Migration[] = allMigrations): boolean {
  if (!db.open) return false;
  const latest = Math.max(...migrations.map((migration) => migration.version));
  const current = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
  return current === latest;
}
