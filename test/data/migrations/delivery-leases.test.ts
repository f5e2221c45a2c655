import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../data/migrations/index.js';
import { baseline } from '../../../data/postgres/migrations/001-baseline.js';
import { postgresMigrations } from '../../../data/postgres/migrations/index.js';
import { migratePostgres } from '../../../data/postgres/migrate.js';
import { applyMigrations, openDatabase } from '../../../data/store/open-database.js';
import { postgresEnginesUnderTest } from '../engines.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';

const SENDING_ROW = `INSERT INTO outbox (dedupe_key, operation, conversation_id, message, purpose, state, attempts, next_attempt_at, created_at)
  VALUES ('before-17', 'post', '19:kanal', '{}', 'alert', 'sending', 1, '2026-01-01T08:00:00.000Z', '2026-01-01T08:00:00.000Z')`;
const LEASE_OF_ROW = "SELECT state, lease_owner, lease_until FROM outbox WHERE dedupe_key = 'before-17'";
const SEND_AND_HOLD = [
  "INSERT INTO delivery_sends (scope_key, sent_at_ms) VALUES ('c:19:kanal', 1767254400000)",
  "INSERT INTO delivery_holds (scope_key, until_ms) VALUES ('c:19:kanal', 1767254401000)",
];

describe('migration 017 (SQLite): outbox leases and the shared send budget', () => {
  it('keeps a row left sending at version 16, without a lease (taken over as expired), and adds the pacing tables', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((migration) => migration.version <= 16) });
    db.prepare(SENDING_ROW).run();
    expect(applyMigrations(db, migrations.filter((migration) => migration.version <= 17))).toEqual([17]);
    expect(db.prepare(LEASE_OF_ROW).get()).toEqual({ state: 'sending', lease_owner: null, lease_until: null });
    for (const insert of SEND_AND_HOLD) db.prepare(insert).run();
    expect(() => db.prepare("INSERT INTO delivery_holds (scope_key, until_ms) VALUES ('c:19:kanal', 1)").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('a fresh database has them from the start', () => {
    const db = openDatabase(':memory:');
    db.prepare(SENDING_ROW).run();
    expect(db.prepare(LEASE_OF_ROW).get()).toEqual({ state: 'sending', lease_owner: null, lease_until: null });
    for (const insert of SEND_AND_HOLD) db.prepare(insert).run();
    db.close();
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`migration 002 (PostgreSQL, ${engine.label}): outbox leases and the shared send budget`, () => {
    let scratch: ScratchDatabase;
    let pool: pg.Pool;
    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_leases');
      pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
    });
    afterAll(async () => {
      await pool?.end();
      await scratch?.drop();
    });

    it('keeps a row left sending under the baseline, without a lease, and adds the pacing tables', async () => {
      expect(await migratePostgres(pool, [baseline])).toHaveLength(16);
      await pool.query(SENDING_ROW);
      expect(await migratePostgres(pool, postgresMigrations.filter((migration) => migration.version <= 17))).toEqual([17]);
      expect((await pool.query(LEASE_OF_ROW)).rows).toEqual([{ state: 'sending', lease_owner: null, lease_until: null }]);
      for (const insert of SEND_AND_HOLD) await pool.query(insert);
      await expect(pool.query("INSERT INTO delivery_holds (scope_key, until_ms) VALUES ('c:19:kanal', 1)")).rejects.toThrow(/duplicate key/);
    });
  });
}
