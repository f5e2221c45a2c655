import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlValue } from '../../support/raw-sql.js';
import { WORLD_CSV, worldStore } from '../../support/world.js';
import { csvFolder, emptyDatabase, removeTempFolders, storeRowCounts } from '../../data/import-fixtures.js';

afterEach(removeTempFolders);

/**
 * Runs a command-line tool with its stdout going to a reader that has already gone (`… | head -1` once head has
 * its line): every write fails with EPIPE. `database` is the database's configuration (DATABASE_PATH or DATABASE_URL).
 */
function runWithClosedStdout(script: string, args: string[], database: Readonly<Record<string, string>>): Promise<{ code: number | null; stderr: string }> {
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...inherited, ...database } });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('command-line tools piped into a reader that closes early', () => {
  it('the import CLI (npm run import -- --verbose) finishes the whole import and exits 0, with no EPIPE stack', { timeout: 60_000 }, async () => {
    const database = await emptyDatabase();
    const { code, stderr } = await runWithClosedStdout('bot/cli/import.ts', [csvFolder(WORLD_CSV), '--verbose'], database.env);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    const imported = await database.open();
    expect(await storeRowCounts(imported)).toEqual(await storeRowCounts(await worldStore()));
    expect(await sqlValue(imported, 'SELECT count(*) FROM import_runs WHERE finished_at IS NOT NULL')).toBe(1);
  });

  it('the audit CLI (npm run audit) exits 0 with no EPIPE stack', { timeout: 60_000 }, async () => {
    const { code, stderr } = await runWithClosedStdout('bot/cli/audit.ts', ['--cpr', '010190-1234'], (await emptyDatabase()).env);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
