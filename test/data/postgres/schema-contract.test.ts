import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations as sqliteMigrations } from '../../../data/migrations/index.js';
import { baseline } from '../../../data/postgres/migrations/001-baseline.js';
import { postgresMigrations } from '../../../data/postgres/migrations/index.js';
import { migratePostgres } from '../../../data/postgres/migrate.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { postgresEnginesUnderTest } from '../engines.js';
import { POSTGRES_ONLY_TABLES, postgresShape, sqliteShape, SQLITE_ONLY_TABLES, type SchemaShape } from './schema-shape.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';

const postgresVersion = Math.max(...postgresMigrations.map((migration) => migration.version));
/** SQLite at the version PostgreSQL has reached: a SQLite migration without its PostgreSQL text yet is not compared. */
const sqliteAtSameVersion = () => openDatabase(':memory:', { migrations: sqliteMigrations.filter((m) => m.version <= postgresVersion) });
const ALL_VERSIONS = Array.from({ length: postgresVersion }, (_, i) => i + 1);
const HASH = (c: string) => c.repeat(64);
const TEST_CPR = '9999999999'; // day 99: no one's CPR number, only the length the CHECKs want

describe('the PostgreSQL baseline migration', () => {
  it('records SQLite migrations 1–16 under their SQLite names', () => {
    const sqliteNames = sqliteMigrations.filter((m) => m.version <= 16).map((m) => [m.version, m.name]);
    expect(baseline.records).toEqual(sqliteNames);
  });

  it("creates every table of SQLite at version 16 but the guide's search index, which is engine-specific (schema-shape.ts)", () => {
    const db = openDatabase(':memory:', { migrations: sqliteMigrations.filter((m) => m.version <= 16) });
    const sqliteTables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%'").pluck().all() as string[])
      .filter((table) => !SQLITE_ONLY_TABLES.test(table));
    db.close();
    const created = [...baseline.sql.matchAll(/^CREATE TABLE (\w+)/gm)].map((match) => match[1]!).filter((table) => !POSTGRES_ONLY_TABLES.test(table));
    expect(created.sort()).toEqual(sqliteTables.sort());
  });
});

async function refusal(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<string> {
  const error = await pool.query(sql, params).then(() => undefined, (e: Error) => e);
  if (!error) throw new Error(`expected PostgreSQL to refuse: ${sql}`);
  return error.message;
}

for (const engine of postgresEnginesUnderTest()) {
  describe(`the PostgreSQL schema against SQLite's (${engine.label})`, () => {
    let scratch: ScratchDatabase;
    let pool: pg.Pool;

    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_contract');
      pool = new pg.Pool({ connectionString: scratch.url, max: 3 });
    });
    afterAll(async () => {
      await pool?.end();
      await scratch?.drop();
    });

    it('two instances migrating a fresh database together apply it once; a later run is a no-op', async () => {
      const clients = [new pg.Client({ connectionString: scratch.url }), new pg.Client({ connectionString: scratch.url })];
      await Promise.all(clients.map((client) => client.connect()));
      try {
        const applied = await Promise.all(clients.map((client) => migratePostgres(client)));
        expect(applied.map((versions) => versions.length).sort()).toEqual([0, postgresVersion]);
        expect(applied.flat()).toEqual(ALL_VERSIONS);
      } finally {
        await Promise.all(clients.map((client) => client.end()));
      }
      expect(await migratePostgres(pool)).toEqual([]);
      const versions = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows.map((row) => row.version)).toEqual(ALL_VERSIONS);
    });

    describe('once migrated', () => {
      let sqlite: SchemaShape;
      let postgres: SchemaShape;
      beforeAll(async () => {
        await migratePostgres(pool);
        const db = sqliteAtSameVersion();
        sqlite = sqliteShape(db);
        db.close();
        postgres = await postgresShape(pool);
        // PostgreSQL has no implicit rowid: announcement_recipients carries one as a column (ORDER BY r.rowid).
        delete postgres.columns.announcement_recipients?.rowid;
        delete postgres.types.announcement_recipients?.rowid;
        postgres.indexes = postgres.indexes.filter((line) => line !== 'announcement_recipients unique (rowid)');
      });

      it('has the same tables and, per table, the same columns with the same NOT NULL-ness', () => {
        expect(Object.keys(postgres.columns).sort()).toEqual(Object.keys(sqlite.columns).sort());
        for (const table of Object.keys(sqlite.columns)) expect(postgres.columns[table], table).toEqual(sqlite.columns[table]);
      });

      it('has the same primary keys, and the same unique and partial indexes over the same columns', () => {
        expect(postgres.primaryKeys).toEqual(sqlite.primaryKeys);
        expect(postgres.indexes).toEqual(sqlite.indexes);
      });

      it('has the same column types (integer, real, text), the same number of CHECKs per table and the same foreign keys', () => {
        expect(postgres.types).toEqual(sqlite.types);
        expect(postgres.checks).toEqual(sqlite.checks);
        expect(postgres.foreignKeys).toEqual(sqlite.foreignKeys);
      });

      it('a failing migration leaves nothing of itself behind, says which one failed and releases the lock', async () => {
        const broken = { version: postgresVersion + 1, name: 'broken', sql: 'CREATE TABLE half_done (id integer); SELECT no_such_function();' };
        await expect(migratePostgres(pool, [...postgresMigrations, broken])).rejects.toThrow(
          `PostgreSQL migration ${postgresVersion + 1} (broken) failed, nothing of it was applied: function no_such_function() does not exist`,
        );
        const left = await pool.query("SELECT to_regclass('half_done') AS half_done, (SELECT max(version) FROM schema_migrations) AS version");
        expect(left.rows).toEqual([{ half_done: null, version: postgresVersion }]);
        expect(await migratePostgres(pool)).toEqual([]);
      });

      it("has SQLite's seed rows: administrations, the strategy's goal targets, the genesis anchor", async () => {
        const db = sqliteAtSameVersion();
        for (const sql of [
          'SELECT code, name_da, name_en FROM administrations ORDER BY code',
          'SELECT kind, value, source_from, source_to FROM goal_target_versions ORDER BY kind, source_from',
          'SELECT id, last_id, hash, deleted_rows, reason FROM audit_chain_anchor',
        ]) {
          const rows = (await pool.query(sql)).rows.map((row: Record<string, unknown>) => Object.values(row).map(String));
          expect(rows, sql).toEqual((db.prepare(sql).raw().all() as unknown[][]).map((row) => row.map(String)));
        }
        db.close();
      });

      it('orders text by code point, as SQLite does (C collation)', async () => {
        const { rows } = await pool.query<{ word: string }>("SELECT word FROM unnest(ARRAY['b', 'Å', 'a', 'Z', 'æ']) AS word ORDER BY word");
        expect(rows.map((row) => row.word)).toEqual(['Z', 'a', 'b', 'Å', 'æ']);
      });

      it('refuses to delete, rewrite, supersede twice or truncate a version row', async () => {
        const { rows } = await pool.query<{ version_id: string }>(
          `INSERT INTO unit_versions (unit_id, name, administration, source_from, valid_from, recorded_at)
           VALUES ('u-contract', 'Enhed', 'BIF', '2026-01-01', '2026-01-01', '2026-01-01T00:00:00.000Z') RETURNING version_id`,
        );
        const id = rows[0]!.version_id;
        expect(await refusal(pool, 'DELETE FROM unit_versions WHERE version_id = $1', [id])).toBe('unit_versions is append-only: rows cannot be deleted');
        expect(await refusal(pool, "UPDATE unit_versions SET name = 'Andet navn' WHERE version_id = $1", [id])).toBe(
          'unit_versions is append-only: history cannot be rewritten',
        );
        await pool.query("UPDATE unit_versions SET superseded_at = '2026-02-01T00:00:00.000Z' WHERE version_id = $1", [id]);
        expect(await refusal(pool, "UPDATE unit_versions SET superseded_at = '2026-03-01T00:00:00.000Z' WHERE version_id = $1", [id])).toBe(
          'unit_versions: a version can be superseded only once',
        );
        expect(await refusal(pool, 'TRUNCATE unit_versions CASCADE')).toBe('unit_versions is append-only: it cannot be truncated');
        const kept = await pool.query("SELECT name, superseded_at FROM unit_versions WHERE version_id = $1", [id]);
        expect(kept.rows).toEqual([{ name: 'Enhed', superseded_at: '2026-02-01T00:00:00.000Z' }]);
      });

      it("lets retention delete a citizen's rows only while the citizen is due", async () => {
        await pool.query(
          `INSERT INTO citizen_versions (cpr, name, source_from, valid_from, recorded_at)
           VALUES ($1, 'Borger', '2020-01-01', '2020-01-01', '2020-01-01T00:00:00.000Z')`,
          [TEST_CPR],
        );
        expect(await refusal(pool, 'DELETE FROM citizen_versions WHERE cpr = $1', [TEST_CPR])).toBe('citizen_versions is append-only: rows cannot be deleted');
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO retention_due_citizens (cpr) VALUES ($1)', [TEST_CPR]);
          expect((await client.query('DELETE FROM citizen_versions WHERE cpr = $1', [TEST_CPR])).rowCount).toBe(1);
          await client.query('DELETE FROM retention_due_citizens');
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });

      it('keeps audit_log rows chained and unchangeable until a retention anchor covers them, and refuses to truncate it', async () => {
        expect(
          await refusal(pool, "INSERT INTO audit_log (id, at, action, purpose, result) VALUES (1, '2026-01-01T00:00:00.000Z', 'lookup', 'p', 'ok')"),
        ).toBe('audit_log rows are chained: chain_version, prev_hash and row_hash are required');
        await pool.query(
          `INSERT INTO audit_log (id, at, action, purpose, result, chain_version, prev_hash, row_hash)
           VALUES (1, '2026-01-01T00:00:00.000Z', 'lookup', 'p', 'ok', 1, $1, $2)`,
          [HASH('0'), HASH('a')],
        );
        expect(await refusal(pool, "UPDATE audit_log SET detail = 'changed' WHERE id = 1")).toBe('audit_log is append-only: history cannot be rewritten');
        expect(await refusal(pool, 'DELETE FROM audit_log WHERE id = 1')).toBe('audit_log is append-only: rows cannot be deleted');
        expect(await refusal(pool, 'TRUNCATE audit_log')).toBe('audit_log is append-only: it cannot be truncated');
        expect(
          await refusal(pool, "INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (1, $1, 5, '2026-01-02', 'retention')", [HASH('a')]),
        ).toBe('audit_chain_anchor: a retention anchor names the last row it deletes, with its hash and the number of rows');
        expect(
          await refusal(pool, "UPDATE audit_chain_anchor SET hash = $1 WHERE last_id = 0", [HASH('b')]),
        ).toBe('audit_chain_anchor is append-only: history cannot be rewritten');
        // Retention's exception: once an anchor names row 1 with its hash and count, row 1 may go.
        await pool.query("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (1, $1, 1, '2026-01-02', 'retention')", [HASH('a')]);
        expect((await pool.query('DELETE FROM audit_log WHERE id = 1')).rowCount).toBe(1);
      });
    });
  });
}
