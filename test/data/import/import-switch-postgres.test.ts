import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../data/store/store.js';
import { openPgPool, type PgPool } from '../../../data/postgres/driver/pg-pool.js';
import { openPostgresStore } from '../../../data/postgres/open-postgres-store.js';
import type { Store } from '../../../data/store/store.js';
import { STORE_GENERATION_KEY } from '../../../data/import/apply-merge-plan.js';
import { scratchDatabase } from '../../support/postgres-scratch-database.js';
import { CITIZENS, PEOPLE, WORLD_CSV } from '../../support/world.js';
import { postgresEnginesUnderTest } from '../engines.js';
import { at, csvFolder, removeTempFolders, replaceLine, tempFolder, WORLD_DAY } from '../import-fixtures.js';

/** Day 2: Carl's BIF case moves from Bo to Anna, and Birte (shared) changes name (as import-switch.test.ts). */
const DAY_2 = {
  'cases.csv': replaceLine(WORLD_CSV['cases.csv'], 4, `150875-1008,BIF,JC-UDSAT-NORD,${PEOPLE.anna.id},jobparat,nej,2024-01-01,`),
  'citizens.csv': replaceLine(WORLD_CSV['citizens.csv'], 2, '010190-1234,Birte Nyt-Navn'),
};
const REFUSED = 'en anden import eller den daglige sletning blev gennemført, mens denne import blev forberedt. Intet er importeret: kør importen igen';

describe('store.importFolder on SQLite: acting between the phases, as the PostgreSQL tests below do', () => {
  afterAll(() => removeTempFolders());

  it('awaits an asynchronous onPhase before the next step: what it does in between is done before the import goes on', { timeout: 60_000 }, async () => {
    const store = await openStore(join(tempFolder(), 'brobygger.sqlite'));
    try {
      const steps: string[] = [];
      const report = await store.importFolder(csvFolder(WORLD_CSV), {
        now: WORLD_DAY,
        onPhase: async (phase) => {
          steps.push(`start ${phase}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          steps.push(`end ${phase}`);
        },
      });
      expect(report.ok).toBe(true);
      expect(steps.length).toBeGreaterThan(4);
      // Strictly start/end pairs: no phase was reported while the previous one's onPhase was still running.
      steps.forEach((step, i) => expect(step).toBe(i % 2 === 0 ? `start ${steps[i + 1]!.slice(4)}` : `end ${steps[i - 1]!.slice(6)}`));
      expect(steps.some((step) => step.startsWith('start plan '))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`store.importFolder on PostgreSQL (${engine.label}): planning holds no write lock, the switch is one transaction`, () => {
    let store: Store;
    /** The running bot's connections: another session beside the import's. */
    let bot: PgPool;
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      removeTempFolders();
    });

    /** The world imported on day 1 into a database of the test's own (version tables are append-only). */
    const freshWorld = async () => {
      const scratch = await scratchDatabase(engine.url, 'brobygger_switch');
      cleanups.push(scratch.drop);
      const opened = await openPostgresStore(scratch.url, { maxClients: 3, onIdleClientError: () => undefined });
      const pool = openPgPool({ url: scratch.url, maxClients: 2, lockTimeoutMs: 500, onIdleClientError: () => undefined });
      cleanups.push(() => opened.close(), () => pool.end());
      [store, bot] = [opened, pool];
      expect((await store.importFolder(csvFolder(WORLD_CSV), { now: WORLD_DAY })).ok).toBe(true);
    };
    const carlsCaseworker = async () =>
      (await bot.query<{ id: string }>("SELECT caseworker_id AS id FROM case_versions WHERE cpr = @cpr AND administration = 'BIF' AND superseded_at IS NULL AND valid_to IS NULL", { cpr: CITIZENS.bifOnly }))[0]?.id;
    const birtesName = async () =>
      (await bot.query<{ name: string }>('SELECT name FROM citizen_versions WHERE cpr = @cpr AND superseded_at IS NULL AND valid_to IS NULL', { cpr: CITIZENS.shared }))[0]?.name;
    const importRuns = async () => (await bot.query<{ n: number }>('SELECT count(*) AS n FROM import_runs'))[0]!.n;

    it('lets the bot write while every file is planned, and shows it yesterday’s data until the switch', { timeout: 60_000 }, async () => {
      await freshWorld();
      const seen: string[] = [];
      const report = await store.importFolder(csvFolder(DAY_2), {
        now: at('2025-06-10'),
        onPhase: async (phase) => {
          if (!phase.startsWith('plan ')) return;
          // The bot writes now, in a transaction of its own; a lock held by the import would fail it after 500 ms.
          await bot.run("INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (@id, '2025-06-10T10:00:00.000Z')", { id: `probe-${phase}` });
          seen.push(`${phase}: ${await carlsCaseworker()} / ${await birtesName()}`);
        },
      });
      expect(report.ok).toBe(true);
      expect(seen).toEqual(['plan citizens.csv: E-BO / Birte Fællesborger', 'plan cases.csv: E-BO / Birte Fællesborger']);
      expect([await carlsCaseworker(), await birtesName()]).toEqual([PEOPLE.anna.id, 'Birte Nyt-Navn']);
    });

    it.each([
      ['another import finished', "INSERT INTO import_runs (started_at, finished_at, folder) VALUES ('2025-06-10T10:00:00Z', '2025-06-10T10:00:01Z', '/andet')"],
      ['the daily retention run finished', "INSERT INTO retention_runs (day, started_at, finished_at, trigger, summary) VALUES ('2025-06-10', '2025-06-10T01:00:00Z', '2025-06-10T01:00:02Z', 'command', '{}')"],
    ])('refuses the switch and writes nothing when %s while it was planned; run again, it goes through', { timeout: 60_000 }, async (_what, concurrentWrite) => {
      await freshWorld();
      let written = false;
      const runsBefore = await importRuns();
      const report = await store.importFolder(csvFolder(DAY_2), {
        now: at('2025-06-10'),
        onPhase: async (phase) => {
          if (phase !== 'plan cases.csv' || written) return;
          await bot.run(concurrentWrite);
          written = true;
        },
      });
      expect(report.ok).toBe(false);
      expect(report.runId).toBeNull();
      expect(report.problems.map((problem) => problem.message)).toEqual([REFUSED]);
      expect([await carlsCaseworker(), await birtesName()]).toEqual([PEOPLE.bo.id, 'Birte Fællesborger']);
      expect(await importRuns()).toBe(runsBefore + (concurrentWrite.includes('import_runs') ? 1 : 0));
      expect((await store.importFolder(csvFolder(DAY_2), { now: at('2025-06-10') })).ok).toBe(true);
      expect([await carlsCaseworker(), await birtesName()]).toEqual([PEOPLE.anna.id, 'Birte Nyt-Navn']);
    });

    it('refuses the switch when a planned version was superseded by someone else meanwhile, and leaves no TEMP table behind', { timeout: 60_000 }, async () => {
      await freshWorld();
      const runsBefore = await importRuns();
      const report = await store.importFolder(csvFolder(DAY_2), {
        now: at('2025-06-10'),
        onPhase: async (phase) => {
          if (phase === 'plan cases.csv') await bot.run("UPDATE case_versions SET superseded_at = '2025-06-10T09:00:00.000Z' WHERE cpr = @cpr AND superseded_at IS NULL", { cpr: CITIZENS.bifOnly });
        },
      });
      expect(report.ok).toBe(false);
      expect(report.problems[0]!.message).toContain('Intet er importeret: kør importen igen');
      expect(await birtesName()).toBe('Birte Fællesborger');
      expect(await importRuns()).toBe(runsBefore);
      expect(await bot.query("SELECT relname FROM pg_class WHERE relpersistence = 't'")).toEqual([]);
    });

    it('waits for a retention batch holding the store-generation lock longer than a bot would wait for a lock, then switches', { timeout: 60_000 }, async () => {
      await freshWorld();
      const holder = await bot.connect();
      let released: Promise<void> = Promise.resolve();
      try {
        const report = await store.importFolder(csvFolder(DAY_2), {
          now: at('2025-06-10'),
          onPhase: async (phase) => {
            if (phase !== 'plan cases.csv') return;
            await holder.query('BEGIN');
            await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [STORE_GENERATION_KEY]);
            // Held 3 s: beyond the pool's 2 s lock timeout that the import's session would otherwise have.
            released = new Promise((resolve) => setTimeout(resolve, 3_000)).then(async () => void (await holder.query('COMMIT')));
          },
        });
        expect(report.ok).toBe(true);
        expect(await carlsCaseworker()).toBe(PEOPLE.anna.id);
      } finally {
        await released;
        holder.release();
      }
    });
  });
}
