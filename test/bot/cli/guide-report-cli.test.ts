import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuideReport } from '../../../bot/cli/guide-report.js';
import { projectFile } from '../../../bot/paths/project-root.js';
import { migrations } from '../../../data/migrations/index.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { removeTempFolders, tempFolder } from '../../data/import-fixtures.js';
import { cardOf, chatRequest, handleChat, silentLog } from '../../support/chat.js';
import { runCliInProcess } from '../../support/cli-in-process.js';
import { GUIDE_WORLD_CSV } from '../../support/guide-world.js';
import { PEOPLE, worldDatabase } from '../../support/world.js';

/**
 * `npm run guide:report` as an operator runs it: the real CLI in a child process, on the database `env` names
 * (DATABASE_PATH or DATABASE_URL; none: the default file).
 */
function guideReport(env: Readonly<Record<string, string>>, ...args: string[]) {
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'guide-report.ts'), ...args], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same command through its runner in this process (same arguments and environment): for the cases that only vary
 * the arguments or the data. Exit 0 on stdout and exit 2 on stderr stay real processes.
 */
function guideReportInProcess(env: Readonly<Record<string, string>>, ...args: string[]) {
  return runCliInProcess(runGuideReport, args, env);
}

describe('npm run guide:report', { timeout: 60_000 }, () => {
  let database: Readonly<Record<string, string>>;
  beforeAll(async () => {
    const world = await worldDatabase(GUIDE_WORLD_CSV);
    database = world.env;
    const store = await world.open();
    const now = new Date();
    const ask = async (text: string, cardAction: { verb: string; data: unknown } | null = null) => {
      await store.greetedUsers.markGreeted(PEOPLE.anna.aadObjectId, new Date(0));
      return (await handleChat(chatRequest(PEOPLE.anna, text, { now, cardAction }), { store, log: silentLog })).replies;
    };
    await ask('vejviser kvantefysik for 010190-1234');
    await ask('vejviser kvantefysik for 010190-1234');
    await ask('vejviser misbrug');
    const [results] = await ask('vejviser hotline');
    const open = cardOf(results, 'guide-results').results[0].open.data;
    await ask('', { verb: 'guide.open', data: open });
  });

  it('prints the report in Danish, without CPR numbers', () => {
    const { code, stdout, stderr } = guideReport(database, '--days', '7');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Vejviserens søgninger – de seneste 7 dage');
    expect(stdout).toContain('Søgninger:                           4\n');
    expect(stdout).toContain('Uden resultat:                       2 (50\u00a0%)\n');
    expect(stdout).toContain('Søgninger uden resultat\n  2 × kvantefysik for [CPR-nummer]\n');
    expect(stdout).toContain('Søgninger, hvor intet svar blev åbnet\n  1 × misbrug\n');
    expect(stdout).toContain('Mest åbnede opslag\n  1 × Hotline til BIF for SOF-medarbejdere\n');
    expect(stdout).not.toMatch(/1234|010190/);
  });

  it('--json gives the same figures as data', async () => {
    const { code, stdout } = await guideReportInProcess(database, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      days: 30,
      searches: 4,
      withoutResult: 2,
      withoutResultShare: 0.5,
      notOpened: 1,
      byAdministration: { BIF: 4, SOF: 0, other: 0 },
      topWithoutResult: [{ query: 'kvantefysik for [CPR-nummer]', searches: 2 }],
      mostOpened: [{ entryId: 'hotline', title: 'Hotline til BIF for SOF-medarbejdere', opened: 1 }],
    });
  });

  it.each([
    [['--days', '0'], /^--days skal være et helt antal dage fra 1 til 365, ikke "0"\./, 'process'],
    [['--days', '1.5'], /^--days skal være et helt antal dage fra 1 til 365, ikke "1.5"\./, 'in-process'],
    [['--database', '/nonexistent/guide.sqlite'], /^Databasen \/nonexistent\/guide\.sqlite findes ikke\. Angiv databasen med DATABASE_PATH=<sti> eller --database <sti>\.\n$/, 'in-process'],
  ])('%j is refused with code 2 and what to do', async (args, message, through) => {
    const { code, stdout, stderr } = through === 'process' ? guideReport({}, ...args) : await guideReportInProcess({}, ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  afterAll(removeTempFolders);

  it('(SQLite: a file migrated by an older version) a database from before the search log (migration 10) gets code 2 and "start the bot once", and is left as it was', async () => {
    const old = join(tempFolder('brobygger-guide-report-'), 'old.sqlite');
    openDatabase(old, { migrations: migrations.filter((migration) => migration.version < 10) }).close();
    const { code, stdout, stderr } = await guideReportInProcess({}, '--database', old);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `Databasen ${old} har endnu ingen søgelog for vejviseren: start botten én gang med den, så bliver den opdateret.\n` });
    const reopened = openDatabase(old, { readonly: true });
    expect(reopened.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(9);
    reopened.close();
  });
});
