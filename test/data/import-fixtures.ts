import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFolder, type ImportOptions, type ImportReport } from '../../data/import/import-folder.js';
import { openDatabase, type Db } from '../../data/store/open-database.js';
import { createStore, type Store } from '../../data/store/store.js';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { ImportProblem } from '../../data/import/import-problem.js';
import { rawSql, sqlColumn, sqlRows, sqlValue } from '../support/raw-sql.js';
import { openWorldDatabase, type WorldDatabase } from '../support/world-database.js';
import { PEOPLE, WORLD_CSV } from '../support/world.js';
import { worldEngine } from './engines.js';

/** The day the world is first imported (Copenhagen 2025-06-02). */
export const WORLD_DAY = new Date('2025-06-02T10:00:00Z');

export type CsvFiles = Record<string, string | Buffer>;

const created: string[] = [];

/** A temp folder removed by `removeTempFolders` (call it in afterEach). */
export function tempFolder(prefix = 'brobygger-import-test-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  created.push(folder);
  return folder;
}

export function removeTempFolders(): void {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export function csvFolder(files: CsvFiles): string {
  const folder = tempFolder();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

export function importFiles(db: Db, files: CsvFiles, options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return importFolder(db, csvFolder(files), { now: WORLD_DAY, ...options });
}

/** Imports `files` into `db`, expecting exactly `problems` and not one row written (every table compared). */
export async function expectRefused(db: Db, files: CsvFiles, problems: ImportProblem[], options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  const before = snapshot(db);
  const report = await importFiles(db, files, options);
  expect(report.problems).toEqual(problems);
  expect(report.ok).toBe(false);
  expect(report.runId).toBeNull();
  expect(snapshot(db)).toEqual(before);
  return report;
}

/** A fresh in-memory database with the world imported on WORLD_DAY. */
export async function worldDb(): Promise<Db> {
  const db = openDatabase(':memory:');
  const report = await importFiles(db, WORLD_CSV);
  if (!report.ok) throw new Error(`world import failed: ${JSON.stringify(report.problems)}`);
  return db;
}

// ---- the same on the engine under test (a Store: SQLite, or PostgreSQL with TEST_STORE_ENGINE=postgres) ----

/** An empty, migrated store on the engine under test (closed with the test, see test/support/world-database.ts). */
export async function emptyStore(): Promise<Store> {
  if (worldEngine().kind === 'sqlite') return createStore(openDatabase(':memory:'));
  return (await emptyDatabase()).open();
}

/** An empty, migrated database on the engine under test, for a command's configuration (`env`) or stores on it. */
export function emptyDatabase(): Promise<WorldDatabase> {
  return openWorldDatabase({
    key: 'empty',
    sqliteFile: async () => {
      const path = join(tempFolder('brobygger-empty-'), 'brobygger.sqlite');
      openDatabase(path).close();
      return path;
    },
    fill: async () => undefined,
  });
}

export function importInto(store: Store, files: CsvFiles, options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return store.importFolder(csvFolder(files), { now: WORLD_DAY, ...options });
}

/** Imports `files` into `store`, expecting exactly `problems` and not one row written (every table compared). */
export async function expectRefusedIn(store: Store, files: CsvFiles, problems: ImportProblem[], options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  const before = await storeSnapshot(store);
  const report = await importInto(store, files, options);
  expect(report.problems).toEqual(problems);
  expect(report.ok).toBe(false);
  expect(report.runId).toBeNull();
  expect(await storeSnapshot(store)).toEqual(before);
  return report;
}

/** The store's tables (on SQLite without the full-text shadow tables and the vocabulary view). */
export async function storeTableNames(store: Store): Promise<string[]> {
  if (rawSql(store).dialect === 'sqlite') return (await sqlColumn<string>(store, TABLES_SQLITE)).sort();
  return (await sqlColumn<string>(store, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).sort();
}

// Full-text shadow tables and the vocabulary view are derived from the virtual table, which is itself listed.
const TABLES_SQLITE = `SELECT name FROM sqlite_master t
  WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%USING fts5vocab%'
    AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')`;

/** A checksum of every row of every table (rows in any order), to show that an import wrote nothing. */
export async function storeChecksum(store: Store, tables?: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const table of tables ?? (await storeTableNames(store))) {
    hash.update(table);
    for (const row of (await storeRowTexts(store, table)).sort()) hash.update(row);
  }
  return hash.digest('hex');
}

async function storeRowTexts(store: Store, table: string): Promise<string[]> {
  return (await sqlRows(store, `SELECT * FROM "${table}"`)).map((row) => JSON.stringify(row, (_key, value) => (Buffer.isBuffer(value) ? value.toString('hex') : value)));
}

export async function storeRowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await storeTableNames(store)) counts[table] = await sqlValue<number>(store, `SELECT count(*) FROM "${table}"`);
  return counts;
}

export async function storeSnapshot(store: Store): Promise<{ counts: Record<string, number>; checksum: string }> {
  return { counts: await storeRowCounts(store), checksum: await storeChecksum(store) };
}

export async function storeVersionRowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of VERSION_TABLES) counts[table] = await sqlValue<number>(store, `SELECT count(*) FROM ${table}`);
  return counts;
}

/** versionsOf on the engine under test. */
export function storeVersionsOf(store: Store, table: string, where: Record<string, string>, columns: readonly string[] = []): Promise<VersionRow[]> {
  return sqlRows<VersionRow>(store, versionsSql(table, where, columns), where);
}

/** overlappingVersions on the engine under test. */
export function storeOverlappingVersions(store: Store, table: string, key: readonly string[]): Promise<number> {
  return sqlValue<number>(store, overlappingSql(table, key));
}

/** A date at 10:00 UTC (noon in Copenhagen in summer) on the given day. */
export const at = (day: string) => new Date(`${day}T10:00:00Z`);

// ---- editing CSV text by file line number (1 = the header), as problems report them ----

const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');
const joinLines = (lines: string[]) => `${lines.join('\n')}\n`;

export function lineOf(text: string, line: number): string {
  const found = linesOf(text)[line - 1];
  if (found === undefined) throw new Error(`no line ${line}`);
  return found;
}

export function replaceLine(text: string, line: number, replacement: string): string {
  const lines = linesOf(text);
  if (lines[line - 1] === undefined) throw new Error(`no line ${line}`);
  lines[line - 1] = replacement;
  return joinLines(lines);
}

export function withoutLines(text: string, ...lines: number[]): string {
  return joinLines(linesOf(text).filter((_line, index) => !lines.includes(index + 1)));
}

export function withLines(text: string, ...added: string[]): string {
  return joinLines([...linesOf(text), ...added]);
}

/** Rewrites a plain (unquoted) CSV text with the columns in another order. */
export function reorderColumns(text: string, order: readonly string[]): string {
  const [header, ...rows] = linesOf(text).map((line) => line.split(','));
  const indexes = order.map((name) => header!.indexOf(name));
  if (indexes.includes(-1)) throw new Error('unknown column in order');
  return joinLines([order.join(','), ...rows.map((row) => indexes.map((index) => row[index] ?? '').join(','))]);
}

// ---- generated caseloads (for the mass-end guard) ----

/** A format-valid CPR number (born 1 January 1980), distinct for i < 9000. */
export const cprNumber = (i: number) => `010180${String(1000 + i)}`;

/** `count` citizens, each with one open BIF case on Team Nord with Anna as caseworker. */
export function caseload(count: number, keep: (i: number) => boolean = () => true): { 'citizens.csv': string; 'cases.csv': string } {
  const indexes = [...Array(count).keys()];
  return {
    'citizens.csv': joinLines(['cpr,name', ...indexes.map((i) => `${cprNumber(i)},Borger ${i}`)]),
    'cases.csv': joinLines([
      'cpr,administration,unit_id,caseworker_id,category,green_line,valid_from,valid_to',
      ...indexes.filter(keep).map((i) => `${cprNumber(i)},BIF,JC-UDSAT-NORD,${PEOPLE.anna.id},jobparat,nej,2024-01-01,`),
    ]),
  };
}

// ---- reading the database back ----

export function tableNames(db: Db): string[] {
  return db.prepare(`${TABLES_SQLITE} ORDER BY name`).pluck().all() as string[];
}

export function rowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(tableNames(db).map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

/** rowCounts of a database file, opened and closed again (e.g. after a CLI process wrote it). */
export function rowCountsInFile(path: string): Record<string, number> {
  const db = openDatabase(path);
  try {
    return rowCounts(db);
  } finally {
    db.close();
  }
}

/** A checksum of every row of every table, to show that a refused import wrote nothing. */
export function checksum(db: Db, tables: readonly string[] = tableNames(db)): string {
  const hash = createHash('sha256');
  for (const table of tables) {
    hash.update(table);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

export function snapshot(db: Db): { counts: Record<string, number>; checksum: string } {
  return { counts: rowCounts(db), checksum: checksum(db) };
}

export const VERSION_TABLES = ['unit_versions', 'employee_versions', 'citizen_versions', 'case_versions'] as const;

export function versionRowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(VERSION_TABLES.map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]));
}

export type VersionRow = Record<string, unknown> & { valid_from: string; valid_to: string | null; superseded_at: string | null };

/** The versions of one thing by start date (superseded before current), with the columns asked for plus the period. */
export function versionsOf(db: Db, table: string, where: Record<string, string>, columns: readonly string[] = []): VersionRow[] {
  return db.prepare(versionsSql(table, where, columns)).all(where) as VersionRow[];
}

function versionsSql(table: string, where: Record<string, string>, columns: readonly string[]): string {
  const conditions = Object.keys(where).map((column) => `${column} = @${column}`);
  return `SELECT ${[...columns, 'source_from', 'valid_from', 'valid_to', 'superseded_at', 'import_run_id'].join(', ')} FROM ${table} WHERE ${conditions.join(' AND ')} ORDER BY valid_from, superseded_at IS NULL, version_id`;
}

/** Pairs of current (not superseded) versions of the same thing whose periods overlap: always none. */
export function overlappingVersions(db: Db, table: string, key: readonly string[]): number {
  return db.prepare(overlappingSql(table, key)).pluck().get() as number;
}

function overlappingSql(table: string, key: readonly string[]): string {
  const sameKey = key.map((column) => `a.${column} = b.${column}`).join(' AND ');
  return `SELECT count(*) FROM ${table} a JOIN ${table} b ON ${sameKey} AND a.version_id < b.version_id
    WHERE a.superseded_at IS NULL AND b.superseded_at IS NULL
      AND a.valid_from <= coalesce(b.valid_to, '9999-12-31') AND b.valid_from <= coalesce(a.valid_to, '9999-12-31')`;
}

/**
 * What a command (npm run import) writes to stdout and stderr, captured afresh for each test of the file; the
 * temporary folders are removed after each.
 */
export function captureCommandOutput(): { stdout: string[]; stderr: string[] } {
  const output = { stdout: [] as string[], stderr: [] as string[] };
  beforeEach(() => {
    output.stdout = [];
    output.stderr = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (output.stdout.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (output.stderr.push(String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    removeTempFolders();
  });
  return output;
}
