import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest, postgresEnginesUnderTest, postgresPartNotice, worldEngine } from './engines.js';

describe('the engines a contract suite runs against', () => {
  it('is SQLite alone when TEST_DATABASE_URL is unset or empty, and the notice says how to add PostgreSQL', () => {
    for (const env of [{}, { TEST_DATABASE_URL: '  ' }]) {
      expect(enginesUnderTest(env)).toEqual([{ kind: 'sqlite', label: 'SQLite' }]);
      expect(postgresPartNotice(env)).toMatch(/^PostgreSQL part skipped: TEST_DATABASE_URL is not set\. `npm run test:postgres`/);
    }
  });

  it('adds PostgreSQL for a postgres:// or postgresql:// URL, labelled without the password', () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const url = `${scheme}://brobygger:s3cret@127.0.0.1:54321/brobygger_test`;
      const env = { TEST_DATABASE_URL: url };
      expect(enginesUnderTest(env)).toEqual([
        { kind: 'sqlite', label: 'SQLite' },
        { kind: 'postgres', label: 'PostgreSQL (127.0.0.1:54321/brobygger_test)', url },
      ]);
      expect(postgresPartNotice(env)).toBe(
        'PostgreSQL part: the contract tests also run against PostgreSQL (127.0.0.1:54321/brobygger_test), from TEST_DATABASE_URL.',
      );
      expect(postgresPartNotice(env)).not.toContain('s3cret');
    }
  });

  it('refuses a TEST_DATABASE_URL that is not a PostgreSQL URL, naming the variable and an example', () => {
    for (const bad of ['mysql://u:p@127.0.0.1/db', 'var/brobygger.sqlite', '127.0.0.1:5432', 'postgres://']) {
      expect(() => enginesUnderTest({ TEST_DATABASE_URL: bad })).toThrow(
        'TEST_DATABASE_URL must be a PostgreSQL URL such as postgres://brobygger:<password>@127.0.0.1:5432/brobygger_test (or be unset to test SQLite alone)',
      );
      expect(() => postgresPartNotice({ TEST_DATABASE_URL: bad })).toThrow('TEST_DATABASE_URL must be a PostgreSQL URL');
    }
  });
});

describe('the engine the worlds open their stores on (TEST_STORE_ENGINE)', () => {
  const url = 'postgres://brobygger:s3cret@127.0.0.1:54321/brobygger_test';

  it('is SQLite when unset, empty or "sqlite", also with TEST_DATABASE_URL set', () => {
    for (const env of [{}, { TEST_STORE_ENGINE: ' ' }, { TEST_STORE_ENGINE: 'SQLite', TEST_DATABASE_URL: url }, { TEST_DATABASE_URL: url }]) {
      expect(worldEngine(env)).toEqual({ kind: 'sqlite', label: 'SQLite' });
    }
  });

  it('is PostgreSQL from TEST_DATABASE_URL for "postgres", and the notice says the whole suite uses it', () => {
    const env = { TEST_STORE_ENGINE: 'postgres', TEST_DATABASE_URL: url };
    expect(worldEngine(env)).toEqual({ kind: 'postgres', label: 'PostgreSQL (127.0.0.1:54321/brobygger_test)', url });
    expect(postgresPartNotice(env)).toContain("The whole suite's worlds (every other test with a store) also use it (TEST_STORE_ENGINE=postgres).");
    expect(postgresPartNotice(env)).not.toContain('s3cret');
  });

  it('refuses another engine, and "postgres" without TEST_DATABASE_URL, saying what to do', () => {
    expect(() => worldEngine({ TEST_STORE_ENGINE: 'mysql' })).toThrow('TEST_STORE_ENGINE must be sqlite or postgres (it is "mysql")');
    expect(() => worldEngine({ TEST_STORE_ENGINE: 'postgres' })).toThrow('TEST_STORE_ENGINE=postgres needs TEST_DATABASE_URL: run `npm run test:postgres:all`');
    expect(() => postgresPartNotice({ TEST_STORE_ENGINE: 'postgres' })).toThrow('needs TEST_DATABASE_URL');
  });
});

// Only when TEST_DATABASE_URL is set (`npm run test:postgres`): proves the harness, the client library and the
// row locking the outbox's leases will rest on, against the real server. The store itself comes later.
for (const engine of postgresEnginesUnderTest()) {
  describe(engine.label, () => {
    const schema = `contract_${randomBytes(6).toString('hex')}`;
    let pool: pg.Pool;

    beforeAll(async () => {
      pool = new pg.Pool({ connectionString: engine.url, max: 2 });
      await pool.query(`CREATE SCHEMA ${schema}`);
      await pool.query(`CREATE TABLE ${schema}.outbox (id integer PRIMARY KEY, claimed_by text)`);
      await pool.query(`INSERT INTO ${schema}.outbox (id) VALUES (1), (2), (3)`);
    });

    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    });

    it('a second connection skips the row the first holds FOR UPDATE SKIP LOCKED and claims the next', async () => {
      await expectSkipLocked(pool, schema);
    });

    it('the scratch schema is dropped again afterwards', async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      const left = await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
      expect(left.rowCount).toBe(0);
    });
  });
}

async function expectSkipLocked(pool: pg.Pool, schema: string): Promise<void> {
  const claimNext = `SELECT id FROM ${schema}.outbox WHERE claimed_by IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;
  const first = await pool.connect();
  const second = await pool.connect();
  try {
    await first.query('BEGIN');
    await second.query('BEGIN');
    expect((await first.query(claimNext)).rows).toEqual([{ id: 1 }]);
    expect((await second.query(claimNext)).rows).toEqual([{ id: 2 }]);
    // The first's lock is real: taking row 1 without skipping fails at once (55P03: lock_not_available).
    await second.query('SAVEPOINT probe');
    await expect(second.query(`SELECT id FROM ${schema}.outbox WHERE id = 1 FOR UPDATE NOWAIT`)).rejects.toMatchObject({
      code: '55P03',
    });
    await second.query('ROLLBACK TO SAVEPOINT probe');
    await first.query(`UPDATE ${schema}.outbox SET claimed_by = 'first' WHERE id = 1`);
    await second.query(`UPDATE ${schema}.outbox SET claimed_by = 'second' WHERE id = 2`);
    await first.query('COMMIT');
    await second.query('COMMIT');
  } finally {
    // Closed rather than pooled: after a failed assertion a transaction could still hold its locks and make the
    // schema's DROP wait for ever.
    first.release(true);
    second.release(true);
  }
  const claims = await pool.query(`SELECT id, claimed_by FROM ${schema}.outbox ORDER BY id`);
  expect(claims.rows).toEqual([
    { id: 1, claimed_by: 'first' },
    { id: 2, claimed_by: 'second' },
    { id: 3, claimed_by: null },
  ]);
}
