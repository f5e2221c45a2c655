import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgPool, type PgPool } from '../../../data/postgres/driver/pg-pool.js';
import { migratePostgres } from '../../../data/postgres/migrate.js';
import { PgSql } from '../../../data/postgres/pg-sql.js';
import { PgUnits } from '../../../data/postgres/pg-units.js';
import { SqliteSql } from '../../../data/sqlite/sqlite-sql.js';
import { openDatabase } from '../../../data/store/open-database.js';
import type { AtomicOptions, Sql, SqlParams } from '../../../data/sql/sql.js';
import { isBusyError } from '../../../data/sql/store-busy.js';
import { postgresEnginesUnderTest } from '../engines.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const AT = '2025-06-02T10:00:00.000Z';

/**
 * Reads how many rows of `prefix` exist, holds that view a moment (another caller's work would start meanwhile),
 * then writes the next one: `prefix-1`, `prefix-2` … only if each caller saw its predecessors' rows.
 */
function countThenAppend(sql: Sql, prefix: string, options?: AtomicOptions): Promise<void> {
  return sql.atomic(async (inner) => {
    const seen = (await inner.get<{ n: number }>('SELECT count(*) AS n FROM greeted_users WHERE aad_object_id LIKE @prefix', { prefix: `${prefix}-%` }))!.n;
    await sleep(100);
    await inner.run('INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (@id, @at)', { id: `${prefix}-${seen + 1}`, at: AT });
  }, options);
}

/** The Sql a repository method called through the store (outside any unit) is bound to: a store call's frame. */
function outsideCall(units: PgUnits): Sql {
  return {
    dialect: 'postgres',
    all: <Row>(text: string, params?: SqlParams) => units.outside((call) => call.all<Row>(text, params)),
    get: <Row>(text: string, params?: SqlParams) => units.outside((call) => call.get<Row>(text, params)),
    run: (text, params) => units.outside((call) => call.run(text, params)),
    atomic: (work, options) => units.outside((call) => call.atomic(work, options)),
  };
}

describe("Sql.atomic's serialiseOn on SQLite", () => {
  it('needs nothing there (BEGIN IMMEDIATE lets one writer in): keyed works queue and see each other, and a failing one leaves nothing', async () => {
    const db = openDatabase(':memory:');
    const sql: Sql = new SqliteSql(db);
    const count = async (prefix: string) => (await sql.get<{ n: number }>('SELECT count(*) AS n FROM greeted_users WHERE aad_object_id LIKE @prefix', { prefix: `${prefix}-%` }))!.n;
    await countThenAppend(sql, 'sqlite', { serialiseOn: 't:one' });
    await countThenAppend(sql, 'sqlite', { serialiseOn: 't:one' });
    expect(await count('sqlite')).toBe(2);
    const failed = sql.atomic(async (inner) => {
      await inner.run('INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (@id, @at)', { id: 'sqlite-failed-1', at: AT });
      throw new Error('the work fails after its write');
    }, { serialiseOn: 't:one' });
    await expect(failed).rejects.toThrow('the work fails after its write');
    expect(await count('sqlite-failed')).toBe(0);
    expect(db.inTransaction).toBe(false);
    db.close();
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`Sql.atomic's serialiseOn on PostgreSQL (${engine.label})`, () => {
    let scratch: ScratchDatabase;
    let pool: PgPool;
    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_serialise');
      pool = openPgPool({ url: scratch.url, maxClients: 6, onIdleClientError: () => {} });
      const client = await pool.connect();
      await migratePostgres(client).finally(() => client.release());
    });
    afterAll(async () => {
      await pool?.end();
      await scratch?.drop();
    });

    const rows = async (prefix: string) =>
      (await pool.query<{ id: string }>('SELECT aad_object_id AS id FROM greeted_users WHERE aad_object_id LIKE @prefix ORDER BY 1', { prefix: `${prefix}-%` })).map((row) => row.id);
    const over: [string, string, () => Sql][] = [
      ['over the pool (PgSql)', 'pool', () => PgSql.overPool(pool)],
      ["over a store call's Sql (PgUnits)", 'units', () => outsideCall(new PgUnits(pool))],
    ];

    for (const [where, tag, sqlOf] of over) {
      it(`${where}: two works on one key run one after the other, the second sees the first's row`, async () => {
        const queued = `queued-${tag}`;
        await Promise.all([countThenAppend(sqlOf(), queued, { serialiseOn: 't:one' }), countThenAppend(sqlOf(), queued, { serialiseOn: 't:one' })]);
        expect(await rows(queued)).toEqual([`${queued}-1`, `${queued}-2`]);
      });

      // A store's write transactions all take the audit chain's lock first (pg-units.ts), so there they queue anyway.
      if (tag === 'pool') it(`${where}: without the key the same two works collide (one is refused as busy, to be run again)`, async () => {
        const unkeyed = `unkeyed-${tag}`;
        const outcomes = await Promise.allSettled([countThenAppend(sqlOf(), unkeyed), countThenAppend(sqlOf(), unkeyed)]);
        const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(refused).toHaveLength(1);
        expect(isBusyError((refused[0] as PromiseRejectedResult).reason) || /duplicate key/.test(String((refused[0] as PromiseRejectedResult).reason))).toBe(true);
        expect(await rows(unkeyed)).toEqual([`${unkeyed}-1`]);
      });
    }

    it("over a store call's Sql (PgUnits) the same two works without a key queue too: every write transaction there takes the audit chain's lock first", async () => {
      const units = new PgUnits(pool);
      await Promise.all([countThenAppend(outsideCall(units), 'unkeyed-units'), countThenAppend(outsideCall(units), 'unkeyed-units')]);
      expect(await rows('unkeyed-units')).toEqual(['unkeyed-units-1', 'unkeyed-units-2']);
    });

    it('different keys do not wait for each other', async () => {
      const sql = PgSql.overPool(pool);
      await Promise.all([countThenAppend(sql, 'key-a', { serialiseOn: 't:a' }), countThenAppend(sql, 'key-b', { serialiseOn: 't:b' })]);
      expect([...(await rows('key-a')), ...(await rows('key-b'))]).toEqual(['key-a-1', 'key-b-1']);
    });

    it('inside a unit of work the lock is taken in the savepoint and held until the unit ends', async () => {
      const units = new PgUnits(pool);
      const first = units.transaction(async (unit) => {
        await countThenAppend(unit, 'in-unit', { serialiseOn: 't:unit' });
        await sleep(100);
      });
      await sleep(30);
      await countThenAppend(PgSql.overPool(pool), 'in-unit', { serialiseOn: 't:unit' });
      await first;
      expect(await rows('in-unit')).toEqual(['in-unit-1', 'in-unit-2']);
    });
  });
}
