import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../data/store/open-database.js';
import { removeTempFolders } from '../import-fixtures.js';
import { firstRow, HISTORY_TABLES, historyDb, PERIOD_COLUMNS } from './history-db.js';

afterEach(removeTempFolders);

describe.each(HISTORY_TABLES)('$table is append-only', ({ table, key, column, value, supersedable }) => {
  let db: Db;
  let row: Record<string, unknown>;
  beforeEach(async () => {
    db = await historyDb();
    row = firstRow(db, table, key);
  });

  it(`refuses UPDATE of ${column}`, () => {
    expect(() => db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`).run(value, row[key])).toThrow(`${table} is append-only: history cannot be rewritten`);
    expect(firstRow(db, table, key)).toEqual(row);
  });

  it('refuses UPDATE that sets a column to its own value', () => {
    expect(() => db.prepare(`UPDATE ${table} SET ${column} = ${column} WHERE ${key} = ?`).run(row[key])).toThrow('history cannot be rewritten');
  });

  it('refuses DELETE of one row and of all rows', () => {
    const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(() => db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`).run(row[key])).toThrow(`${table} is append-only: rows cannot be deleted`);
    expect(() => db.exec(`DELETE FROM ${table}`)).toThrow('rows cannot be deleted');
    expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(count);
  });

  it('refuses INSERT OR REPLACE over an existing row', () => {
    const columns = Object.keys(row);
    const replacement = { ...row, [column]: value };
    expect(() => db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(replacement)).toThrow(`${table} is append-only: a row with this key exists already`);
    expect(() => db.prepare(`REPLACE INTO ${table} SELECT * FROM ${table} WHERE ${key} = ?`).run(row[key])).toThrow('a row with this key exists already');
    expect(() =>
      db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) ON CONFLICT(${key}) DO UPDATE SET ${column} = excluded.${column}`).run(replacement),
    ).toThrow('a row with this key exists already');
    expect(firstRow(db, table, key)).toEqual(row);
  });

  if (supersedable) {
    // A learnt Entra link has no validity period of its own; when it was learnt is its history.
    const periodColumns =
      table === 'employee_aad_links'
        ? ['linked_at']
        : PERIOD_COLUMNS.filter((name) => !((table === 'shared_citizen_overrides' || table === 'unit_channel_links' || table === 'hotline_whitelist_chat') && name === 'source_from'));
    it.each(periodColumns)('refuses UPDATE of %s', (name) => {
      expect(() => db.prepare(`UPDATE ${table} SET ${name} = '2000-01-01' WHERE ${key} = ?`).run(row[key])).toThrow('history cannot be rewritten');
    });

    it('lets superseded_at be set once, never again and never back to NULL', () => {
      expect(row.superseded_at).toBeNull();
      expect(db.prepare(`UPDATE ${table} SET superseded_at = ? WHERE ${key} = ?`).run('2025-07-01T00:00:00.000Z', row[key]).changes).toBe(1);
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = ? WHERE ${key} = ?`).run('2025-08-01T00:00:00.000Z', row[key])).toThrow(`${table}: a version can be superseded only once`);
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = NULL WHERE ${key} = ?`).run(row[key])).toThrow('superseded only once');
      expect(firstRow(db, table, key)).toEqual({ ...row, superseded_at: '2025-07-01T00:00:00.000Z' });
    });

    it('refuses setting superseded_at to NULL on a current version', () => {
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = NULL WHERE ${key} = ?`).run(row[key])).toThrow('superseded only once');
    });
  } else {
    it('has no superseded_at to set', () => {
      expect(() => db.prepare(`UPDATE ${table} SET superseded_at = 'x'`).run()).toThrow(/no such column: superseded_at/);
    });
  }
});

describe('history tables: coverage', () => {
  it('every table with a superseded_at column, the audit log, the received events, the hotline logs and announcement revisions are covered above and have their triggers', async () => {
    const db = await historyDb();
    const withSuperseded = db
      .prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'superseded_at') ORDER BY m.name")
      .pluck()
      .all() as string[];
    expect([...withSuperseded, 'audit_log', 'audit_chain_anchor', 'events', 'hotline_presence', 'hotline_routings', 'announcement_revisions'].sort()).toEqual(HISTORY_TABLES.map((entry) => entry.table).sort());
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(
      HISTORY_TABLES.flatMap(({ table, supersedable }) => [
        `${table}_no_delete`,
        `${table}_no_rewrite`,
        `${table}_no_replace`,
        `${table}_keep_rowid`,
        ...(supersedable ? [`${table}_supersede_once`] : []),
      ])
        .concat(['audit_log_chained', 'audit_chain_anchor_moves_forward', 'audit_chain_anchor_retention_covers'])
        .sort(),
    );
  });
});
