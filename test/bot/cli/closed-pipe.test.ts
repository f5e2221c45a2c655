import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../data/store/open-database.js';
import { WORLD_CSV } from '../../support/world.js';
import { csvFolder, removeTempFolders, rowCounts, rowCountsInFile, tempFolder, worldDb } from '../../data/import-fixtures.js';

afterEach(removeTempFolders);

/**
 * Runs a command-line tool with its stdout going to a reader that has already gone (`… | head -1` once head has
 * its line): every write fails with EPIPE.
 */
function runWithClosedStdout(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const database = join(tempFolder(), 'brobygger.sqlite');
    const { code, stderr } = await runWithClosedStdout('bot/cli/import.ts', [csvFolder(WORLD_CSV), '--database', database, '--verbose']);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    const expected = rowCounts(await worldDb());
    expect(rowCountsInFile(database)).toEqual(expected);
    const db = openDatabase(database);
    try {
      expect(db.prepare('SELECT count(*) FROM import_runs WHERE finished_at IS NOT NULL').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('the audit CLI (npm run audit) exits 0 with no EPIPE stack', { timeout: 60_000 }, async () => {
    const database = join(tempFolder(), 'brobygger.sqlite');
    openDatabase(database).close();
    const { code, stderr } = await runWithClosedStdout('bot/cli/audit.ts', ['--cpr', '010190-1234', '--database', database]);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
