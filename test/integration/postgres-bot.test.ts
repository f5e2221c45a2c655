import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFile } from '../../bot/paths/project-root.js';
import { openPgPool, type PgPool } from '../../data/postgres/driver/pg-pool.js';
import { migratePostgres } from '../../data/postgres/migrate.js';
import { postgresEnginesUnderTest } from '../data/engines.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { refusedStart, spawnBot, type BotProcess } from '../support/bot-process.js';
import { copySqliteRows } from '../support/copy-sqlite-rows.js';
import { FakeConnector } from '../support/fake-connector.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldDatabaseFile, writeCsvFolder } from '../support/world.js';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres-scratch-database.js';

/** The organisation data of the SQLite test world, in an order that satisfies the foreign keys (the migration seeds the administrations and the default goal targets). */
const COPIED = ['import_runs', 'unit_versions', 'employee_versions', 'citizen_versions', 'case_versions'] as const;

/** A command as an operator runs it (`npm run <command> -- …`): the real CLI in its own process, with exactly `env`. */
function command(file: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', file), ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a bot started with DATABASE_URL', () => {
  it('refuses a URL that is not PostgreSQL, naming DATABASE_URL and an example, never the password', async () => {
    const { code, lines } = await refusedStart({ DATABASE_URL: 'mysql://brobygger:hemmeligt-kodeord@db.example.dk/brobygger' });
    expect(code).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain('DATABASE_URL: the value is not a PostgreSQL URL: write it as postgres://');
    expect(text).not.toContain('hemmeligt-kodeord');
  });
});

/** Copies the tables' rows, the columns both engines have. */
async function copyWorld(sqlitePath: string, pool: PgPool): Promise<void> {
  const db = new Database(sqlitePath, { readonly: true });
  try {
    for (const table of COPIED) {
      const sqliteColumns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((row) => row.name);
      const pgColumns = new Set((await pool.query<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table', { table })).map((row) => row.name));
      await copySqliteRows(db, pool, table, sqliteColumns.filter((column) => pgColumns.has(column)));
    }
  } finally {
    db.close();
  }
}

for (const engine of postgresEnginesUnderTest()) {
  describe(`the bot and its commands on ${engine.label} (DATABASE_URL)`, () => {
    const connector = new FakeConnector();
    let scratch: ScratchDatabase;
    let look: PgPool;
    let bot: BotProcess | null = null;
    /** A SQLite file the PostgreSQL runs must leave alone: DATABASE_PATH is ignored with DATABASE_URL. */
    let ignoredPath: string;

    beforeAll(async () => {
      await connector.start();
      scratch = await scratchDatabase(engine.url, 'brobygger_bot', { force: true });
      look = openPgPool({ url: scratch.url, maxClients: 2, onIdleClientError: () => undefined });
      const client = await look.connect();
      await migratePostgres(client).finally(() => client.release());
      await copyWorld(await worldDatabaseFile(), look);
      ignoredPath = join(tempFolder(), 'ignored.sqlite');
    }, 60_000);

    afterAll(async () => {
      bot?.child.kill('SIGKILL');
      await bot?.exited;
      await connector.stop();
      await look?.end();
      await scratch?.drop();
      removeTempFolders();
    });

    it('answers a lookup with the citizen card, audits it in PostgreSQL, is ready, and logs the database without its password', { timeout: 60_000 }, async () => {
      bot = await spawnBot({ DATABASE_URL: scratch.url, DATABASE_PATH: ignoredPath, ALLOWED_TENANT_IDS: TEST_TENANT });
      const listening = bot.output.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'Brobygger is listening');
      const { hostname, port, pathname, password } = new URL(scratch.url);
      expect(listening.database).toBe(`PostgreSQL (${hostname}${port ? `:${port}` : ''}${pathname})`);
      if (password) expect(bot.output.join('\n')).not.toContain(password);

      const activity = teamsMessage({ serviceUrl: connector.url, from: PEOPLE.anna, text: `hvem har ${CITIZENS.shared}?` });
      const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(response.status).toBe(200);
      const card = connector.calls.filter((call) => call.operation === 'reply').map((call) => JSON.stringify(call.body)).find((body) => body.includes('Hvem har borgeren?'));
      expect(card).toContain('Birte Fællesborger');
      expect(card).toContain('Mads Nielsen');

      const audited = await look.query<{ action: string; actor_employee_id: string; citizen_cpr: string }>('SELECT action, actor_employee_id, citizen_cpr FROM audit_log WHERE citizen_cpr = @cpr', { cpr: CITIZENS.shared });
      expect(audited).toEqual([expect.objectContaining({ actor_employee_id: PEOPLE.anna.id, citizen_cpr: CITIZENS.shared })]);

      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(existsSync(ignoredPath)).toBe(false);
    });

    const env = () => ({ DATABASE_URL: scratch.url, DATABASE_PATH: ignoredPath });

    it('npm run import: imports into PostgreSQL (exit 0, one more import run), never into DATABASE_PATH', { timeout: 60_000 }, async () => {
      const runs = async () => Number((await look.query<{ n: number }>('SELECT count(*) AS n FROM import_runs'))[0]!.n);
      const before = await runs();
      const result = await command('import.ts', [writeCsvFolder(WORLD_CSV)], env());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Import nr\. \d+ gennemført på \d+\.\d s i PostgreSQL \(.+\)\.$/m);
      expect(await runs()).toBe(before + 1);
      expect(existsSync(ignoredPath)).toBe(false);
    });

    it('npm run retention (and --dry-run): runs on PostgreSQL, exit 0, records the day; never touches DATABASE_PATH', { timeout: 60_000 }, async () => {
      const dryRun = await command('retention.ts', ['--dry-run'], env());
      expect(dryRun.stderr).toBe('');
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toContain('Prøvekørsel — intet er ændret. Ville blive slettet:');
      expect(await look.query('SELECT day FROM retention_runs')).toEqual([]);
      const result = await command('retention.ts', [], env());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Slettet:$/m);
      expect(await look.query('SELECT count(*) AS n FROM retention_runs')).toEqual([{ n: 1 }]);
      expect(existsSync(ignoredPath)).toBe(false);
    });

    it('npm run backup: one Danish line pointing to pg_dump, exit 2, no file written', { timeout: 60_000 }, async () => {
      const target = join(tempFolder(), 'copy.sqlite');
      const result = await command('backup.ts', [target], env());
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`npm run backup kopierer endnu ikke PostgreSQL (${/PostgreSQL \((.+)\)/.exec(result.stderr)?.[1]}), og der er ikke skrevet nogen fil: tag kopien med pg_dump, fx pg_dump --format=custom --file=${target} "$DATABASE_URL".`);
      expect(result.stderr).not.toContain(new URL(scratch.url).password || '\u0000');
      expect(existsSync(target)).toBe(false);
    });

    it('npm run doctor checks the PostgreSQL database (its migrations), not the SQLite file', { timeout: 60_000 }, async () => {
      const result = await command('doctor.ts', [], { ...env(), LOCAL_MODE: 'true' });
      const output = result.stdout + result.stderr;
      expect(output).toMatch(/OK .*Databasen har alle \d+ migrationer\./);
      expect(output).not.toContain('findes ikke');
      expect(existsSync(ignoredPath)).toBe(false);
    });

    it('npm run audit -- --cpr reads the extract from PostgreSQL', { timeout: 60_000 }, async () => {
      const result = await command('audit.ts', ['--cpr', CITIZENS.shared], env());
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/registrering/);
      expect(result.stdout).not.toContain('— 0 registreringer');
    });
  });
}
