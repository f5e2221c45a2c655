import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../../bot/cli/import.js';
import { projectFile } from '../../../bot/paths/project-root.js';
import { openConfiguredStore } from '../../../data/open-store.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';
import { CITIZENS, WORLD_CSV } from '../../support/world.js';
import { enginesUnderTest, type EngineUnderTest } from '../engines.js';
import { captureCommandOutput, csvFolder, rowCountsInFile, tempFolder, withLines } from '../import-fixtures.js';

const TABLES = ['unit_versions', 'employee_versions', 'citizen_versions', 'case_versions', 'guide_entry_versions', 'consent_versions', 'import_runs', 'audit_log'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

/** The demo data's first import: the same lines on every engine (goal targets meet the two the schema starts with). */
const DEMO_FIRST = [
  'units.csv: 49 rækker — 49 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'employees.csv: 42 rækker — 42 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'citizens.csv: 34 rækker — 34 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'cases.csv: 84 rækker — 84 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'hotline_whitelist.csv: 2 rækker — 2 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'guide.csv: 47 rækker — 47 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'guide_synonyms.csv: 214 rækker — 214 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'action_plans.csv: 35 rækker — 35 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'activations.csv: 26 rækker — 26 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
  'goal_targets.csv: 8 rækker — 2 nye, 1 ændrede, 5 uændrede, 0 afsluttet, 0 afvist',
  'consents.csv: 7 rækker — 7 nye, 0 ændrede, 0 uændrede, 0 afsluttet, 0 afvist',
];

const output = captureCommandOutput();

const lines = (chunks: string[]) => chunks.join('').split('\n').filter(Boolean);
const today = () => new Date().toISOString().slice(0, 10);

/** A database of the engine's own per test: a SQLite file, or a scratch PostgreSQL database named by DATABASE_URL. */
function databases(engine: EngineUnderTest) {
  const scratches: ScratchDatabase[] = [];
  afterAll(async () => {
    for (const scratch of scratches) await scratch.drop();
  });
  return async () => {
    if (engine.kind === 'sqlite') {
      const path = join(tempFolder(), 'brobygger.sqlite');
      return {
        import: (folder: string) => runImport([folder, '--database', path], {}),
        open: () => openConfiguredStore({ databasePath: path }),
        counts: async () => rowCountsInFile(path) as Counts,
      };
    }
    const scratch = await scratchDatabase(engine.url, 'brobygger_import');
    scratches.push(scratch);
    return {
      import: (folder: string) => runImport([folder], { DATABASE_URL: scratch.url }),
      open: () => openConfiguredStore({ databaseUrl: scratch.url, databasePath: '' }, { onIdleClientError: () => undefined }),
      counts: async () => {
        const client = new pg.Client({ connectionString: scratch.url });
        await client.connect();
        try {
          const counted: Record<string, number> = {};
          for (const table of TABLES) counted[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
          return counted as Counts;
        } catch (error) {
          // Before the first import the CLI has not migrated a fresh database: nothing is there.
          if ((error as { code?: string }).code === '42P01') return Object.fromEntries(TABLES.map((table) => [table, 0])) as Counts;
          throw error;
        } finally {
          await client.end();
        }
      },
    };
  };
}

for (const engine of enginesUnderTest()) {
  describe(`npm run import on ${engine.label}`, () => {
    const database = databases(engine);

    it('imports the demo data, and a lookup afterwards finds a citizen, their open cases and the guide', { timeout: 60_000 }, async () => {
      const db = await database();
      await expect(db.import(projectFile('data', 'demo'))).resolves.toBe(0);
      expect(output.stderr).toEqual([]);
      expect(lines(output.stdout).slice(0, DEMO_FIRST.length)).toEqual(DEMO_FIRST);
      expect(lines(output.stdout)[DEMO_FIRST.length]).toMatch(/^Import nr\. 1 gennemført på \d+\.\d s i /);
      const store = await db.open();
      try {
        expect(await store.citizens.nameOf('1203851127', today())).toBe('Birte Prøvegaard');
        expect((await store.cases.openCasesOf('1203851127', today())).map((open) => open.administration).sort()).toEqual(['BIF', 'SOF']);
        expect((await store.guide.vocabularyTerms()).documents).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    });

    it('changes nothing on a second import of the same files (one more import run, no row, no audit row)', { timeout: 60_000 }, async () => {
      const db = await database();
      await db.import(projectFile('data', 'demo'));
      const before = await db.counts();
      output.stdout.length = 0;
      await expect(db.import(projectFile('data', 'demo'))).resolves.toBe(0);
      for (const line of lines(output.stdout).slice(0, DEMO_FIRST.length)) expect(line).toMatch(/: (\d+) rækker — 0 nye, 0 ændrede, \1 uændrede, 0 afsluttet, 0 afvist$/);
      expect(await db.counts()).toEqual({ ...before, import_runs: before.import_runs + 1 });
    });

    it('refuses files with bad rows with the same Danish lines on every engine, and writes nothing', { timeout: 60_000 }, async () => {
      const db = await database();
      const files = {
        ...WORLD_CSV,
        'citizens.csv': withLines(WORLD_CSV['citizens.csv'], '3201901234,Ingen Dato', `${CITIZENS.shared},Birte Igen`),
        'cases.csv': withLines(WORLD_CSV['cases.csv'], `${CITIZENS.unknown},BIF,JC-UDSAT-NORD,E-ANNA,jobparat,nej,2025-01-01,`),
      };
      await expect(db.import(csvFolder(files))).resolves.toBe(1);
      expect(output.stdout).toEqual([]);
      expect(lines(output.stderr)).toEqual([
        'citizens.csv:7: cpr: "320190-xxxx" er ikke et gyldigt CPR-nummer: indeholder ikke en gyldig fødselsdato',
        'citizens.csv:8: cpr: 010190-xxxx står allerede på linje 2 (dobbelt række)',
        'cases.csv:10: cpr: borgeren 050595-xxxx findes hverken i citizens.csv eller i databasen',
        'Intet er importeret (3 problemer). Ret filerne, eller brug --skip-invalid for kun at importere de gyldige rækker.',
      ]);
      expect(await db.counts()).toMatchObject({ unit_versions: 0, employee_versions: 0, citizen_versions: 0, case_versions: 0, import_runs: 0 });
    });
  });
}
