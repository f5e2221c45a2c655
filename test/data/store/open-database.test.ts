import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrations } from '../../../data/migrations/index.js';
import { applyMigrations, BATCH_BUSY_TIMEOUT_MS, openDatabase, schemaIsCurrent, type Db } from '../../../data/store/open-database.js';
import { StoreBusy } from '../../../data/sql/store-busy.js';
import { holdWriteLock } from '../../support/write-lock.js';
import { WORLD_CSV } from '../../support/world.js';
import { importFiles, removeTempFolders, snapshot, tempFolder } from '../import-fixtures.js';

const opened: Db[] = [];
const open = (path: string, options?: Parameters<typeof openDatabase>[1]) => {
  const db = openDatabase(path, options);
  opened.push(db);
  return db;
};

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  removeTempFolders();
});

const schema = (db: Db) => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

describe('openDatabase', () => {
  it('creates the folder, applies every migration once and records it', () => {
    const path = join(tempFolder(), 'nested', 'brobygger.sqlite');
    const db = open(path);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'organisation' },
      { version: 2, name: 'shared-citizens-and-audit' },
      { version: 3, name: 'alerts-and-delivery' },
      { version: 4, name: 'hotline-and-guide' },
      { version: 5, name: 'announcements' },
      { version: 6, name: 'goal-status' },
      { version: 7, name: 'append-only-any-connection' },
      { version: 8, name: 'outbox-alert-backlog' },
      { version: 9, name: 'guide-synonyms' },
      { version: 10, name: 'guide-search-log' },
      { version: 11, name: 'audit-chain' },
      { version: 12, name: 'consents' },
      { version: 13, name: 'retention' },
      { version: 14, name: 'guide-index-snowball' },
      { version: 15, name: 'employee-aad-links' },
      { version: 16, name: 'metrics-indexes' },
      { version: 17, name: 'delivery-leases' },
      { version: 18, name: 'job-leases' },
    ]);
    expect(schemaIsCurrent(db)).toBe(true);
  });

  it('applies nothing new when the same file is opened again, and keeps the data', async () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    const first = open(path);
    expect((await importFiles(first, WORLD_CSV)).ok).toBe(true);
    const before = { ...snapshot(first), schema: schema(first) };
    first.close();

    const second = open(path);
    expect({ ...snapshot(second), schema: schema(second) }).toEqual(before);
    expect(applyMigrations(second, migrations)).toEqual([]);
    expect(second.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(migrations.length);
    expect(second.prepare('SELECT count(*) FROM unit_versions').pluck().get()).toBe(10);
  });

  it('applies only the migrations that are new', () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    open(path, { migrations: migrations.slice(0, 1) }).close();
    const db = open(path);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(migrations.map((migration) => migration.version));
    const extended = [...migrations, { version: 99, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER) STRICT' }];
    expect(schemaIsCurrent(db, extended)).toBe(false);
    expect(applyMigrations(db, extended)).toEqual([99]);
    expect(applyMigrations(db, extended)).toEqual([]);
    expect(schemaIsCurrent(db, extended)).toBe(true);
  });

  it('leaves nothing behind of a migration that fails', () => {
    const db = open(':memory:');
    const broken = { version: 99, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' };
    expect(() => applyMigrations(db, [...migrations, broken])).toThrow(/no such table: nowhere/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(Math.max(...migrations.map((migration) => migration.version)));
  });

  it('uses WAL, enforces foreign keys and fires triggers recursively', () => {
    const db = open(join(tempFolder(), 'brobygger.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('recursive_triggers', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(() =>
      db
        .prepare("INSERT INTO unit_versions (unit_id, name, administration, source_from, valid_from, recorded_at) VALUES ('X', 'X', 'NOPE', '2025-01-01', '2025-01-01', '2025-01-01')")
        .run(),
    ).toThrow('FOREIGN KEY constraint failed');
  });

  it('refuses a version whose period ends before it starts', () => {
    const db = open(':memory:');
    expect(() =>
      db
        .prepare("INSERT INTO unit_versions (unit_id, name, administration, source_from, valid_from, valid_to, recorded_at) VALUES ('X', 'X', 'BIF', '2025-01-01', '2025-01-02', '2025-01-01', '2025-01-01')")
        .run(),
    ).toThrow('CHECK constraint failed');
  });

  it('opens read-only without migrating or creating the file', () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    expect(() => open(path, { readonly: true })).toThrow();
    open(path).close();
    const db = open(path, { readonly: true });
    expect(db.readonly).toBe(true);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps a long busy timeout for batch jobs by default, and the one asked for otherwise', () => {
    expect(open(':memory:').pragma('busy_timeout', { simple: true })).toBe(BATCH_BUSY_TIMEOUT_MS);
    expect(open(':memory:', { busyTimeoutMs: 20 }).pragma('busy_timeout', { simple: true })).toBe(20);
  });

  it('opens at once while another process holds the write lock, when no migration is pending', () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    open(path).close();
    const lock = holdWriteLock(path);
    try {
      const started = performance.now();
      const db = open(path, { busyTimeoutMs: 20 });
      // Waiting for the lock would take the whole batch busy timeout (5 s).
      expect(performance.now() - started).toBeLessThan(2000);
      expect(schemaIsCurrent(db)).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('refuses to start with StoreBusy, naming the cause, when a pending migration cannot get the write lock', () => {
    const path = join(tempFolder(), 'brobygger.sqlite');
    open(path, { migrations: migrations.slice(0, 1) }).close();
    const lock = holdWriteLock(path);
    try {
      let failure: unknown = null;
      try {
        open(path);
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(StoreBusy);
      expect((failure as Error).message).toMatch(/pending database migrations need the write lock/);
    } finally {
      lock.release();
    }
    expect(schemaIsCurrent(open(path))).toBe(true);
  }, 20_000);
});
