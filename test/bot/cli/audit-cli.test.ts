import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../../bot/cli/audit.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { projectFile } from '../../../bot/paths/project-root.js';
import { removeTempFolders, tempFolder } from '../../data/import-fixtures.js';
import { runCliInProcess } from '../../support/cli-in-process.js';

afterEach(removeTempFolders);

/** `npm run audit` as an operator runs it: the real CLI, in a folder of its own, with DATABASE_PATH as given. */
function audit(folder: string, env: Record<string, string>, ...args: string[]) {
  const { DATABASE_PATH: _unset, ...inherited } = process.env;
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'audit.ts'), '--cpr', '010190-1234', ...args], {
    cwd: folder,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command through its runner in this process (same folder, arguments and environment): the cases that only vary the files. */
function auditInProcess(folder: string, env: Record<string, string>, ...args: string[]) {
  return runCliInProcess(runAudit, ['--cpr', '010190-1234', ...args], env, { cwd: folder });
}

/** A folder after `npm run dev`: var/demo.sqlite exists, var/brobygger.sqlite does not. */
function afterDev(): string {
  const folder = tempFolder();
  mkdirSync(join(folder, 'var'));
  openDatabase(join(folder, 'var', 'demo.sqlite')).close();
  return folder;
}

describe('npm run audit: which database file (SQLite: DATABASE_PATH, var/brobygger.sqlite, var/demo.sqlite)', { timeout: 60_000 }, () => {
  it('after npm run dev, with DATABASE_PATH unset, names the demo database and how to use it, and reads nothing', () => {
    const { code, stdout, stderr } = audit(afterDev(), {});
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Databasen var/brobygger.sqlite findes ikke. Efter npm run dev ligger demo-databasen i var/demo.sqlite:\n  DATABASE_PATH=var/demo.sqlite npm run audit -- --cpr <cpr-nummer>\n',
    );
  });

  it('reads the demo database when DATABASE_PATH names it', () => {
    const { code, stdout, stderr } = audit(afterDev(), { DATABASE_PATH: 'var/demo.sqlite' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Logudtræk for 010190-xxxx — 0 registreringer\n/);
  });

  it('never falls back to the demo database when the operator named another one', async () => {
    const { code, stderr } = await auditInProcess(afterDev(), { DATABASE_PATH: 'var/prod.sqlite' });
    expect(code).toBe(2);
    expect(stderr).toBe('Databasen var/prod.sqlite findes ikke.\n');
  });

  it('without any database, says how to name one', async () => {
    const { code, stderr } = await auditInProcess(tempFolder(), {});
    expect(code).toBe(2);
    expect(stderr).toBe('Databasen var/brobygger.sqlite findes ikke. Angiv databasen med DATABASE_PATH=<sti> eller --database <sti>.\n');
  });
});
