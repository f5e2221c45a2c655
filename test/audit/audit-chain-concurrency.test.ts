import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainPaged } from '../../data/repositories/verify-audit-chain.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { removeTempFolders } from '../data/import-fixtures.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsMessage } from '../support/teams-activity.js';
import { PEOPLE, WORLD_CSV, writeCsvFolder } from '../support/world.js';
import { rawSql, sqlValue } from '../support/raw-sql.js';

/** The world's units with a Teams channel set for RUS: the import audits that link (a second process writing rows). */
const unitsWithChannel = WORLD_CSV['units.csv']
  .trimEnd()
  .split('\n')
  .map((line, index) => (index === 0 ? `${line},teams_channel_id` : `${line},${line.startsWith('RUS,') ? '19:rus@thread.tacv2' : ''}`))
  .join('\n');

/** `npm run import` in its own process, against the bot's database (`database`: DATABASE_PATH or DATABASE_URL). */
function importInAnotherProcess(database: Readonly<Record<string, string>>): Promise<{ code: number | null; output: string }> {
  const folder = writeCsvFolder({ ...WORLD_CSV, 'units.csv': `${unitsWithChannel}\n` });
  const loader = pathToFileURL(projectFile('node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', loader, projectFile('bot', 'cli', 'import.ts'), folder], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...inherited, ...database } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('audit chain under concurrent writers', { timeout: 120_000 }, () => {
  let bot: RunningBot | null = null;
  afterEach(async () => {
    await bot?.stop();
    bot = null;
    removeTempFolders();
  });

  it('stays intact with many lookups group-committed in parallel while an import in a second process audits too', async () => {
    bot = await startBot();
    const running = bot;
    const lookup = (i: number) => running.post(teamsMessage({ serviceUrl: running.connector.url, from: i % 2 ? PEOPLE.anna : PEOPLE.fatima, text: 'hvem har 010190-1234?' }));
    const rowsOf = (action: string) => sqlValue<number>(running.app.store, 'SELECT count(*) FROM audit_log WHERE action = @action', { action });
    const lookupsBefore = await rowsOf('citizen.lookup');

    let importDone = false;
    const imported = importInAnotherProcess(running.database.env).finally(() => (importDone = true));
    let waves = 0;
    // Waves of parallel turns until the import has finished, and one more after it.
    while (!importDone || waves === 0) {
      await Promise.all(Array.from({ length: 12 }, (_, i) => lookup(i)));
      waves++;
    }
    await Promise.all(Array.from({ length: 12 }, (_, i) => lookup(i)));
    const { code, output } = await imported;
    expect(code, output).toBe(0);

    expect(await rowsOf('channel.linked')).toBeGreaterThanOrEqual(1);
    expect((await rowsOf('citizen.lookup')) - lookupsBefore).toBeGreaterThanOrEqual(12 * 2);
    expect(await verifyAuditChainPaged(rawSql(running.app.store))).toMatchObject({ firstBreak: null, missingTriggers: [] });
  });
});
