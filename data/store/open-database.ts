import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations as allMigrations } from '../migrations/index.js';
import type { Migration } from '../migrations/migration.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the one SQLite file, sets the pragmas every connection needs and applies pending
 * migrations. `:memory:` works for tests.
 */
export function openDatabase(path: string, options: { migrations?: readonly Migration[]; readonly?: boolean } = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // INSERT OR REPLACE deletes the old row; with recursive triggers on, that delete fires the append-only triggers.
  db.pragma('recursive_triggers = ON');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // Audit rows and accepted events must survive a power cut once the user has been answered.
    db.pragma('synchronous = FULL');
    applyMigrations(db, options.migrations ?? allMigrations);
  }
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
