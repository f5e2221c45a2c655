import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byDialect, jsonValues } from '../../../data/sql/dialect.js';
import { SqliteSql } from '../../../data/sqlite/sqlite-sql.js';
import { CommitSignal, type Wrote } from '../../../data/sql/commit-signal.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { contractEngines, rejectionOf, type ContractEngine } from './contract-engines.js';

/** Rows in a table both engines have and nothing else writes in these tests (keys are unique per test). */
const greeted = (engine: ContractEngine, prefix: string) =>
  engine.sql.all<{ aad_object_id: string }>('SELECT aad_object_id FROM greeted_users WHERE aad_object_id LIKE @prefix ORDER BY aad_object_id', {
    prefix: `${prefix}%`,
  });
const greet = (sql: ContractEngine['sql'], id: string) =>
  sql.run('INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (@id, @at)', { id, at: '2025-06-02T10:00:00.000Z' });

for (const { label, open } of contractEngines()) {
  describe(`the engine-neutral Sql on ${label}`, () => {
    let engine: ContractEngine;
    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('gives rows in one shape: identities and count(*) as numbers, flags as 1/0, text as text', async () => {
      await engine.sql.run(
        `INSERT INTO unit_channel_links (unit_id, channel_id, by_employee_id, valid_from, valid_to, recorded_at)
         VALUES ('SHAPE', '19:shape', 'E-1', '2025-01-01', NULL, '2025-01-01T00:00:00.000Z')`,
      );
      const row = await engine.sql.get<{ link_id: unknown; n: unknown; same: unknown; valid_to: unknown }>(
        `SELECT link_id, (SELECT count(*) FROM unit_channel_links WHERE unit_id = 'SHAPE') AS n,
                CASE WHEN channel_id = '19:shape' THEN 1 ELSE 0 END AS same, valid_to
           FROM unit_channel_links WHERE unit_id = @unit`,
        { unit: 'SHAPE' },
      );
      expect(typeof row?.link_id).toBe('number');
      expect(row).toMatchObject({ n: 1, same: 1, valid_to: null });
    });

    it('gives undefined from get and [] from all when nothing matches, and the rows changed from run', async () => {
      expect(await engine.sql.get('SELECT aad_object_id FROM greeted_users WHERE aad_object_id = @id', { id: 'nobody' })).toBeUndefined();
      expect(await engine.sql.all('SELECT aad_object_id FROM greeted_users WHERE aad_object_id = @id', { id: 'nobody' })).toEqual([]);
      await greet(engine.sql, 'run-a');
      await greet(engine.sql, 'run-b');
      expect(await engine.sql.run("UPDATE greeted_users SET greeted_at = @at WHERE aad_object_id LIKE 'run-%'", { at: '2025-06-03T00:00:00.000Z' })).toEqual({
        changes: 2,
      });
      expect(await engine.sql.run('DELETE FROM greeted_users WHERE aad_object_id = @id', { id: 'nobody' })).toEqual({ changes: 0 });
    });

    it('gives a generated id through RETURNING, the same SQL on both', async () => {
      const first = await engine.sql.get<{ link_id: number }>(
        `INSERT INTO unit_channel_links (unit_id, channel_id, by_employee_id, valid_from, valid_to, recorded_at)
         VALUES (@unit, '19:r', 'E-1', '2025-01-01', NULL, '2025-01-01T00:00:00.000Z') RETURNING link_id`,
        { unit: 'RETURNING' },
      );
      const second = await engine.sql.get<{ link_id: number }>(
        `INSERT INTO unit_channel_links (unit_id, channel_id, by_employee_id, valid_from, valid_to, recorded_at)
         VALUES (@unit, '19:r', 'E-1', '2025-01-02', NULL, '2025-01-01T00:00:00.000Z') RETURNING link_id`,
        { unit: 'RETURNING' },
      );
      expect(second!.link_id).toBeGreaterThan(first!.link_id);
    });

    it('refuses, with the same message on both engines, a missing parameter, undefined, a boolean, a Date and an array', async () => {
      const sql = 'SELECT aad_object_id FROM greeted_users WHERE aad_object_id = @id';
      expect((await rejectionOf(engine.sql.all(sql))).message).toContain('The SQL parameter @id has no value');
      expect((await rejectionOf(engine.sql.get(sql, { id: undefined }))).message).toContain('Pass null for an SQL NULL');
      expect((await rejectionOf(engine.sql.run(sql, { id: true }))).message).toBe(
        'The SQL parameter @id is a boolean: pass text, a number, a bigint, a Buffer or null (a flag as 1/0, a date as its ISO text, a list as JSON text).',
      );
      expect((await rejectionOf(engine.sql.all(sql, { id: new Date() }))).message).toContain('@id is a Date');
      expect((await rejectionOf(engine.sql.all(sql, { id: ['a'] }))).message).toContain('@id is an array');
      // A name the statement does not use is ignored (a row type's spare fields may be passed along).
      expect(await engine.sql.all(sql, { id: 'nobody', spare: undefined })).toEqual([]);
    });

    it('reads a JSON list parameter through jsonValues, in the dialect of the engine', async () => {
      await greet(engine.sql, 'json-a');
      await greet(engine.sql, 'json-b');
      const rows = await engine.sql.all<{ aad_object_id: string }>(
        `SELECT aad_object_id FROM greeted_users WHERE aad_object_id IN (SELECT value FROM ${jsonValues(engine.sql, '@ids')}) ORDER BY aad_object_id`,
        { ids: JSON.stringify(['json-b', 'json-a', 'json-none']) },
      );
      expect(rows.map((row) => row.aad_object_id)).toEqual(['json-a', 'json-b']);
      expect(byDialect(engine.sql, { sqlite: 'on SQLite', postgres: 'on PostgreSQL' })).toBe(engine.sql.dialect === 'sqlite' ? 'on SQLite' : 'on PostgreSQL');
    });

    it('commits atomic work as a whole, and when it fails writes none of it', async () => {
      expect(await engine.sql.atomic(async (sql) => (await greet(sql, 'atomic-ok-1'), await greet(sql, 'atomic-ok-2'), 'done'))).toBe('done');
      const failed = engine.sql.atomic(async (sql) => {
        await greet(sql, 'atomic-failed-1');
        await greet(sql, 'atomic-ok-1'); // the key exists: this statement fails
      });
      expect((await rejectionOf(failed)).message).toMatch(/UNIQUE|unique/);
      expect((await greeted(engine, 'atomic-')).map((row) => row.aad_object_id)).toEqual(['atomic-ok-1', 'atomic-ok-2']);
    });

    it('makes atomic work inside a unit of work a savepoint: its failure undoes only its own writes, the unit commits the rest', async () => {
      await engine.transaction(async (tx) => {
        await tx.greetedUsers.markGreeted('savepoint-kept', new Date('2025-06-02T10:00:00Z'));
        const bad = { unitId: 'SAVEPOINT', channelId: null as unknown as string, byEmployeeId: 'E-1', from: '2025-06-02' as never, now: new Date() };
        await expect(tx.channelLinks.link(bad)).rejects.toThrow(/NOT NULL|not-null/);
        await tx.greetedUsers.markGreeted('savepoint-kept-after', new Date('2025-06-02T10:00:00Z'));
      });
      expect((await greeted(engine, 'savepoint-')).map((row) => row.aad_object_id)).toEqual(['savepoint-kept', 'savepoint-kept-after']);
    });

    it('nests atomic work: an inner failure caught by the outer work undoes only the inner writes', async () => {
      await engine.sql.atomic(async (sql) => {
        await greet(sql, 'nested-outer');
        await expect(
          sql.atomic(async (inner) => {
            await greet(inner, 'nested-inner');
            throw new Error('inner step failed');
          }),
        ).rejects.toThrow('inner step failed');
      });
      expect((await greeted(engine, 'nested-')).map((row) => row.aad_object_id)).toEqual(['nested-outer']);
    });
  });
}

describe('atomic work on SQLite outside a unit of work, and the commit listeners', () => {
  it('tells the listeners after its COMMIT what it wrote, and tells nobody when it rolled back', async () => {
    const db = openDatabase(':memory:');
    const committed = new CommitSignal(() => db.inTransaction);
    const sql = new SqliteSql(db, committed);
    const heard: { wrote: Wrote; inTransaction: boolean }[] = [];
    committed.onCommitted((wrote) => heard.push({ wrote, inTransaction: db.inTransaction }));
    await expect(
      sql.atomic(async (inner) => {
        await greet(inner, 'signal-rolled-back');
        committed.wrote('outbox');
        throw new Error('a later step failed');
      }),
    ).rejects.toThrow('a later step failed');
    await Promise.resolve();
    expect(heard).toEqual([]);
    await sql.atomic(async (inner) => {
      await greet(inner, 'signal-committed');
      committed.wrote('outbox');
      await inner.get('SELECT 1 AS one'); // an await after the note: the listener still waits for the COMMIT
    });
    expect(heard).toEqual([{ wrote: { outbox: true, announcementSends: false }, inTransaction: false }]);
    db.close();
  });
});
