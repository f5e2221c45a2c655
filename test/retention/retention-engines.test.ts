import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openPgPool, type PgPool } from '../../data/postgres/driver/pg-pool.js';
import { openPostgresStore } from '../../data/postgres/open-postgres-store.js';
import { STORE_GENERATION_KEY } from '../../data/import/apply-merge-plan.js';
import { retentionCutoffs } from '../../data/retention/retention-cutoffs.js';
import { openDatabase } from '../../data/store/open-database.js';
import { openStore, rawDb, type Store } from '../../data/store/store.js';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres-scratch-database.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { enginesUnderTest, type EngineUnderTest } from '../data/engines.js';
import { startDailyRetention } from '../../bot/retention/daily-retention.js';
import { createLogger } from '../../bot/log/logger.js';
import { copyRetentionWorld, ENDED_ON_CUTOFF, NO_CASE_RECENT, NOW, PERIODS, seedRetentionWorld, STILL_OPEN, TABLES_ABOUT_CITIZENS } from './retention-fixtures.js';

afterEach(removeTempFolders);

const cutoffs = retentionCutoffs(NOW, PERIODS);
const HOUR = 3_600_000;
const log = createLogger({ level: 'silent' });

/** What a run deletes from the world in retention-fixtures.ts (as retention.test.ts has it on SQLite). */
const DUE = { citizens: 2, citizenVersions: 2, caseVersions: 1, consentVersions: 2, markings: 2, events: 2, alerts: 2, outbox: 4, actionPlans: 2, activations: 2, auditRows: 3 };

type World = {
  store: Store;
  /** Another instance's store on the same database. */
  another(): Promise<Store>;
  cprsIn(table: string): Promise<string[]>;
  count(table: string): Promise<number>;
  /** PostgreSQL: the test's own pool beside the store. */
  pool?: PgPool;
};

/** The retention fixture in a store of the engine: written on SQLite, copied row for row to PostgreSQL. */
function worlds(engine: EngineUnderTest) {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return async (): Promise<World> => {
    const path = join(tempFolder(), 'retention.sqlite');
    const seeded = openDatabase(path);
    seedRetentionWorld(seeded);
    seeded.close();
    if (engine.kind === 'sqlite') {
      const store = await openStore(path);
      cleanups.push(() => store.close());
      const db = rawDb(store);
      return {
        store,
        another: async () => {
          const other = await openStore(path);
          cleanups.push(() => other.close());
          return other;
        },
        cprsIn: async (table) => db.prepare(`SELECT DISTINCT cpr FROM ${table} WHERE cpr IS NOT NULL ORDER BY cpr`).pluck().all() as string[],
        count: async (table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
      };
    }
    const scratch: ScratchDatabase = await scratchDatabase(engine.url, 'brobygger_retention');
    const store = await openPostgresStore(scratch.url, { maxClients: 3, onIdleClientError: () => undefined });
    const pool: PgPool = openPgPool({ url: scratch.url, maxClients: 2, onIdleClientError: () => undefined });
    cleanups.push(scratch.drop, () => pool.end(), () => store.close());
    const db = openDatabase(path, { readonly: true });
    try {
      await copyRetentionWorld(db, pool);
    } finally {
      db.close();
    }
    return {
      store,
      another: async () => {
        const other = await openPostgresStore(scratch.url, { maxClients: 3, onIdleClientError: () => undefined });
        cleanups.push(() => other.close());
        return other;
      },
      pool,
      cprsIn: async (table) => (await pool.query<{ cpr: string }>(`SELECT DISTINCT cpr FROM ${table} WHERE cpr IS NOT NULL ORDER BY cpr`)).map((row) => row.cpr),
      count: async (table) => (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n,
    };
  };
}

for (const engine of enginesUnderTest()) {
  describe(`store.retention on ${engine.label}`, () => {
    const world = worlds(engine);

    it('the dry run counts what is due and deletes nothing; the run deletes exactly that, the same counts on every engine', { timeout: 60_000 }, async () => {
      const { store, cprsIn, count } = await world();
      const auditRows = await count('audit_log');
      expect(await store.retention.plan(cutoffs)).toEqual(DUE);
      expect(await count('audit_log')).toBe(auditRows);
      expect(await store.retention.lastRunDay()).toBeNull();

      expect(await store.retention.run({ cutoffs, trigger: 'command', clock: () => NOW })).toEqual({ finished: true, deleted: DUE });
      for (const table of TABLES_ABOUT_CITIZENS) {
        expect(await cprsIn(table), table).toEqual(table === 'case_versions' ? [ENDED_ON_CUTOFF, STILL_OPEN] : [ENDED_ON_CUTOFF, STILL_OPEN, NO_CASE_RECENT]);
      }
      expect(await count('alerts')).toBe(3);
      expect(await count('outbox')).toBe(6);
      expect(await count('retention_due_citizens')).toBe(0);
      expect(await store.retention.lastRunDay()).toBe(cutoffs.today);
      const verification = await store.audit.verifyChain();
      expect(verification.firstBreak).toBeNull();
    });

    it('a second run finds nothing more; a run stopped before its first batch deletes nothing and is not recorded', { timeout: 60_000 }, async () => {
      const { store } = await world();
      expect((await store.retention.run({ cutoffs, trigger: 'command', clock: () => NOW, keepGoing: () => false })).finished).toBe(false);
      expect(await store.retention.lastRunDay()).toBeNull();
      await store.retention.run({ cutoffs, trigger: 'daily', clock: () => NOW });
      const second = await store.retention.run({ cutoffs, trigger: 'daily', clock: () => NOW });
      expect(Object.values(second.deleted).every((rows) => rows === 0)).toBe(true);
    });

    it('the daily schedule runs the day once, and another instance on the same database finds it done', { timeout: 60_000 }, async () => {
      const { store, another, count } = await world();
      const at = () => new Date('2026-11-26T02:30:00Z');
      const first = startDailyRetention({ store, periods: PERIODS, log, clock: at, checkEveryMs: HOUR });
      const second = startDailyRetention({ store: await another(), periods: PERIODS, log, clock: at, checkEveryMs: HOUR, owner: 'second' });
      try {
        expect(await first.check()).toMatchObject({ outcome: 'ran', deleted: DUE });
        expect(await second.check()).toEqual({ outcome: 'ran-today' });
        expect(await first.check()).toEqual({ outcome: 'ran-today' });
        expect(await count('retention_runs')).toBe(1);
      } finally {
        await first.stop();
        await second.stop();
      }
    });

    if (engine.kind === 'postgres') {
      it('two instances checking at the same moment: one runs the day (the lease), the other leaves it; one run recorded', { timeout: 60_000 }, async () => {
        const { store, another, count } = await world();
        const at = () => new Date('2026-11-26T02:30:00Z');
        const instances = [startDailyRetention({ store, periods: PERIODS, log, clock: at, checkEveryMs: HOUR }), startDailyRetention({ store: await another(), periods: PERIODS, log, clock: at, checkEveryMs: HOUR })];
        try {
          const outcomes = (await Promise.all(instances.map((instance) => instance.check()))).map((check) => check.outcome);
          expect(outcomes.filter((outcome) => outcome === 'ran')).toHaveLength(1);
          expect(outcomes.filter((outcome) => outcome !== 'ran')).toEqual([expect.stringMatching(/^(elsewhere|ran-today)$/)]);
          expect(await count('retention_runs')).toBe(1);
          expect((await Promise.all(instances.map((instance) => instance.check()))).map((check) => check.outcome)).toEqual(['ran-today', 'ran-today']);
        } finally {
          await Promise.all(instances.map((instance) => instance.stop()));
        }
      });
    }

    if (engine.kind === 'postgres') {
      it('waits while an import switch holds the store-generation lock longer than the pool waits for a lock, then deletes', { timeout: 60_000 }, async () => {
        const { store, pool } = await world();
        const holder = await pool!.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [STORE_GENERATION_KEY]);
        // Held 3 s: beyond the pool's 2 s lock timeout, so the first attempts of the first batch end busy.
        const released = new Promise((resolve) => setTimeout(resolve, 3_000)).then(async () => void (await holder.query('COMMIT')));
        try {
          expect(await store.retention.run({ cutoffs, trigger: 'command', clock: () => NOW })).toEqual({ finished: true, deleted: DUE });
        } finally {
          await released;
          holder.release();
        }
      });
    }
  });
}
