import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../data/store/open-database.js';
import { removeTempFolders, tempFolder } from '../import-fixtures.js';
import { firstRow, HISTORY_TABLES, historyDb } from '../store/history-db.js';

type Row = Record<string, unknown>;

/**
 * What the `sqlite3` shell or a DB browser does: a plain connection to the bot's file, `recursive_triggers` off, while
 * the bot's own connection is open. Every rewrite must be refused by the schema itself.
 */
let file: string;
let app: Db;
let other: Db;

beforeAll(async () => {
  file = join(tempFolder(), 'brobygger.sqlite');
  const seeded = await historyDb();
  seeded.exec(`VACUUM INTO '${file}'`);
  seeded.close();
  app = openDatabase(file);
  other = new Database(file);
});

afterAll(() => {
  other.close();
  app.close();
  removeTempFolders();
});

const uniqueIndexes = (table: string) =>
  (other.prepare(`SELECT name FROM pragma_index_list('${table}') WHERE "unique" = 1`).pluck().all() as string[]).map(
    (index) => other.prepare(`SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`).pluck().all() as string[],
  );

const integerKey = (table: string) =>
  other.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE pk = 1 AND type = 'INTEGER'`).pluck().get() as string | undefined;

/** `row` with a new rowid and a new value in (the last column of) every unique key: a row that may be appended. */
function freshRow(table: string, row: Row): Row {
  const fresh: Row = { ...row };
  const rowidColumn = integerKey(table);
  if (rowidColumn) delete fresh[rowidColumn];
  for (const columns of uniqueIndexes(table)) {
    const column = columns[columns.length - 1]!;
    fresh[column] = typeof row[column] === 'number' ? (row[column] as number) + 100_000 : `${String(row[column])}-new`;
  }
  return fresh;
}

const insertSql = (table: string, row: Row, verb = 'INSERT') =>
  `${verb} INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((column) => `@${column}`).join(', ')})`;

const everyRow = (db: Db, table: string) => db.prepare(`SELECT rowid AS row_id, * FROM ${table} ORDER BY rowid`).all();

describe.each(HISTORY_TABLES)('$table, from a second connection without recursive_triggers', ({ table, key, column, value }) => {
  let row: Row;
  let before: unknown[];
  beforeAll(() => {
    expect(other.pragma('recursive_triggers', { simple: true })).toBe(0);
    row = firstRow(other, table, key);
    before = everyRow(other, table);
  });

  const keyTaken = `${table} is append-only: a row with this key exists already`;

  it('refuses INSERT OR REPLACE, REPLACE INTO and an upsert over an existing row', () => {
    const replacement = { ...row, [column]: value };
    expect(() => other.prepare(insertSql(table, replacement, 'INSERT OR REPLACE')).run(replacement)).toThrow(keyTaken);
    expect(() => other.prepare(insertSql(table, replacement, 'REPLACE')).run(replacement)).toThrow(keyTaken);
    expect(() => other.prepare(`REPLACE INTO ${table} SELECT * FROM ${table} WHERE ${key} = ?`).run(row[key])).toThrow(keyTaken);
    expect(() => other.prepare(`${insertSql(table, replacement)} ON CONFLICT (${key}) DO UPDATE SET ${column} = excluded.${column}`).run(replacement)).toThrow(keyTaken);
    expect(everyRow(other, table)).toEqual(before);
  });

  it('refuses INSERT OR REPLACE that collides on any one unique key, the rowid included', () => {
    const fresh = freshRow(table, row);
    const collisions: Row[] = [{ ...fresh, rowid: other.prepare(`SELECT rowid FROM ${table} WHERE ${key} = ?`).pluck().get(row[key]) }];
    for (const columns of uniqueIndexes(table)) collisions.push({ ...fresh, ...Object.fromEntries(columns.map((name) => [name, row[name]])) });
    for (const collision of collisions) expect(() => other.prepare(insertSql(table, collision, 'INSERT OR REPLACE')).run(collision)).toThrow(keyTaken);
    expect(everyRow(other, table)).toEqual(before);
  });

  it('refuses UPDATE, DELETE and moving a row to another rowid', () => {
    expect(() => other.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`).run(value, row[key])).toThrow('history cannot be rewritten');
    expect(() => other.prepare(`DELETE FROM ${table} WHERE ${key} = ?`).run(row[key])).toThrow('rows cannot be deleted');
    expect(() => other.prepare(`UPDATE ${table} SET rowid = rowid + 100000 WHERE ${key} = ?`).run(row[key])).toThrow('history cannot be rewritten');
    expect(everyRow(other, table)).toEqual(before);
  });

  it('still appends a new row, and UPDATE OR REPLACE cannot move another row onto it', () => {
    const fresh = freshRow(table, row);
    const appended = other.prepare(insertSql(table, fresh)).run(fresh).lastInsertRowid;
    expect(() => other.prepare(`UPDATE OR REPLACE ${table} SET rowid = ? WHERE ${key} = ?`).run(appended, row[key])).toThrow('history cannot be rewritten');
    const added = other.prepare(`SELECT rowid AS row_id, * FROM ${table} WHERE rowid = ?`).get(appended);
    expect(added).toMatchObject(fresh);
    expect(everyRow(other, table)).toEqual([...before, added]);
    expect(everyRow(app, table)).toEqual([...before, added]);
    before = everyRow(other, table);
  });
});

describe('append-only tables: coverage', () => {
  it('every table with a delete guard also refuses inserts over an existing key and rowid changes', () => {
    const guarded = (suffix: string) =>
      (other.prepare(`SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name = tbl_name || '${suffix}' ORDER BY tbl_name`).pluck().all() as string[]);
    expect(guarded('_no_delete')).toEqual(HISTORY_TABLES.map((entry) => entry.table).sort());
    expect(guarded('_no_replace')).toEqual(guarded('_no_delete'));
    expect(guarded('_keep_rowid')).toEqual(guarded('_no_delete'));
  });
});
