import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runBackup } from '../../bot/cli/backup.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import { FakeConnector } from '../support/fake-connector.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE, worldDatabaseFile } from '../support/world.js';
import { freePort } from '../support/free-port.js';

const connector = new FakeConnector();
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) bot.child.kill('SIGKILL');
  await connector.stop();
  removeTempFolders();
});

/** `npm run backup -- …` as an operator runs it: the real CLI in its own process (async, so this process keeps asking the bot). */
function backup(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return backupWith({}, ...args);
}

function backupWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_PATH: _unset, DATABASE_URL: _unsetToo, ...inherited } = process.env;
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'backup.ts'), ...args], { env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * The same command through its runner in this process (same arguments, no DATABASE_PATH/DATABASE_URL): for the cases
 * that only vary the arguments and files. Exit 0, 1 and 2 (the last with DATABASE_URL) stay real processes.
 */
function backupInProcess(...args: string[]) {
  return runCliInProcess(runBackup, args);
}

async function lookUp(bot: BotProcess, cpr: string): Promise<number> {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamsMessage({ serviceUrl: connector.url, from: PEOPLE.anna, text: cpr })),
  });
  return response.status;
}

function lookupRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM audit_log WHERE action = 'citizen.lookup' AND result = 'shown'").pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('npm run backup -- <file>', { timeout: 120_000 }, () => {
  it('taken while the bot answers lookups (audit rows written all along): exit 0, size, duration, integrity ok, chain intact; the bot starts on the copy and answers a lookup', async () => {
    await connector.start();
    const original = await worldDatabaseFile();
    const env = { DATABASE_PATH: original, ALLOWED_TENANT_IDS: TEST_TENANT };
    bots.push(await spawnBot(env));
    expect(await lookUp(bots[0]!, CITIZENS.shared)).toBe(200);

    let writing = true;
    let answered = 0;
    const writes = (async () => {
      while (writing) if ((await lookUp(bots[0]!, CITIZENS.shared)) === 200) answered++;
    })();
    while (answered < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const copy = join(tempFolder(), 'nat.sqlite');
    const answeredBeforeBackup = answered;
    const result = await backup(copy, '--database', original);
    const answeredDuringBackup = answered - answeredBeforeBackup;
    writing = false;
    await writes;

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Sikkerhedskopi skrevet til ${copy.replace(/[.]/g, '\\.')}: [\\d,]+ MB på [\\d,]+ s\\.\\nintegrity_check: ok\\.\\nRevisionslog: Intakt: [\\d.]+ rækker, hoved [0-9a-f]{64}\\n$`));
    expect(existsSync(`${copy}-wal`)).toBe(false);
    const copied = lookupRows(copy);
    expect(copied).toBeGreaterThanOrEqual(1 + 3);
    expect(lookupRows(original)).toBeGreaterThanOrEqual(copied);
    expect(answeredDuringBackup).toBeGreaterThanOrEqual(1);

    // Restore as the README says: stop the bot, start it with DATABASE_PATH on the copy.
    bots[0]!.child.kill('SIGTERM');
    await bots[0]!.exited;
    bots.push(await spawnBot({ ...env, DATABASE_PATH: copy }));
    const repliesBefore = connector.postedActivities().length;
    expect(await lookUp(bots[1]!, CITIZENS.shared)).toBe(200);
    expect(connector.postedActivities().length).toBeGreaterThan(repliesBefore);
    expect(JSON.stringify(connector.postedActivities().at(-1))).toContain('Birte');
    expect(lookupRows(copy)).toBe(copied + 1);
  });

  it('an existing file is never overwritten: exit 2, it says so, the file is untouched', async () => {
    const original = await worldDatabaseFile();
    const existing = join(tempFolder(), 'i-går.sqlite');
    writeFileSync(existing, 'yesterday');
    expect(await backupInProcess(existing, '--database', original)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${existing} findes allerede, og en sikkerhedskopi overskrives aldrig. Vælg et nyt filnavn, fx med datoen i.\n`,
    });
    expect(readFileSync(existing, 'utf8')).toBe('yesterday');
  });

  it('bad input: no file named, a database that does not exist, a folder that does not exist: exit 2 and what to do; no file written', async () => {
    const folder = tempFolder();
    const original = await worldDatabaseFile();
    const noFile = await backupInProcess('--database', original);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('Brug: npm run backup -- <fil>');
    expect(await backupInProcess(join(folder, 'kopi.sqlite'), '--database', join(folder, 'findes-ikke.sqlite'))).toMatchObject({
      code: 2,
      stderr: `Databasen ${join(folder, 'findes-ikke.sqlite')} findes ikke. Angiv den med DATABASE_PATH=<sti> eller --database <sti>.\n`,
    });
    expect(await backupInProcess(join(folder, 'mangler', 'kopi.sqlite'), '--database', original)).toMatchObject({ code: 2, stderr: `Mappen ${join(folder, 'mangler')} findes ikke. Opret den først.\n` });
    expect(existsSync(join(folder, 'kopi.sqlite'))).toBe(false);
  });

  it('with DATABASE_URL: the pg_dump line and exit 2 from the configuration alone, so also when the server does not answer; no file written', async () => {
    const port = await freePort();
    const target = join(tempFolder(), 'copy.sqlite');
    const result = await backupWith({ DATABASE_URL: `postgres://brobygger:hemmeligt-kodeord@127.0.0.1:${port}/brobygger` }, target);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(`npm run backup kopierer endnu ikke PostgreSQL (PostgreSQL (127.0.0.1:${port}/brobygger)), og der er ikke skrevet nogen fil: tag kopien med pg_dump, fx pg_dump --format=custom --file=${target} "$DATABASE_URL".`);
    expect(existsSync(target)).toBe(false);
  });

  it('a copy whose audit chain does not verify: exit 1, naming the first row that breaks', async () => {
    const original = await worldDatabaseFile();
    const db = new Database(original);
    db.exec('DROP TRIGGER audit_log_no_rewrite');
    db.close();
    const copy = join(tempFolder(), 'kopi.sqlite');
    const result = await backup(copy, '--database', original);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('integrity_check: ok.\n');
    expect(result.stderr).toContain('Triggeren audit_log_no_rewrite mangler');
    expect(existsSync(copy)).toBe(true);
  });
});
