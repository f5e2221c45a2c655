import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../bot/cli/audit.js';
import { runRetentionCommand } from '../../bot/cli/retention.js';
import { ConfigError, loadConfig } from '../../bot/config/load-config.js';
import { openDatabase } from '../../data/store/open-database.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { NOW, rowCounts, seedRetentionWorld } from './retention-fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
  removeTempFolders();
});

/** Runs a command in this process and captures what it prints. */
async function captured(command: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => ((stdout += String(text)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((text) => ((stderr += String(text)), true));
  try {
    const code = await command();
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

/** Row counts read through a connection of their own, closed again. */
function countsIn(path: string) {
  const db = openDatabase(path, { readonly: true });
  try {
    return rowCounts(db);
  } finally {
    db.close();
  }
}

function seededFile(): string {
  const path = join(tempFolder(), 'retention.sqlite');
  const db = openDatabase(path);
  seedRetentionWorld(db);
  db.close();
  return path;
}

const env = { CITIZEN_RETENTION_MONTHS: '12', AUDIT_RETENTION_MONTHS: '6' };

describe('npm run retention', () => {
  it('--dry-run prints what would be deleted by kind and count, and changes nothing', async () => {
    const path = seededFile();
    const before = countsIn(path);
    const result = await captured(() => runRetentionCommand(['--dry-run', '--database', path], env, () => NOW));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Prøvekørsel — intet er ændret');
    expect(result.stdout).toMatch(/borgere\s+2\n/);
    expect(result.stdout).toMatch(/sagsversioner\s+1\n/);
    expect(result.stdout).toMatch(/revisionslogrækker\s+3\n/);
    expect(result.stdout).not.toMatch(/\d{10}/);
    expect(countsIn(path)).toEqual(before);
  });

  it('deletes, prints the counts, and npm run audit -- --verify still exits 0', async () => {
    const path = seededFile();
    const result = await captured(() => runRetentionCommand(['--database', path], env, () => NOW));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Slettet:\n\s+borgere\s+2\n/);
    const verify = await captured(() => runAudit(['--verify', '--database', path]));
    expect(verify.code).toBe(0);
    expect((await captured(() => runRetentionCommand(['--dry-run', '--database', path], env, () => NOW))).stdout).toMatch(/borgere\s+0\n/);
  });

  it('AUDIT_RETENTION_MONTHS below 6 is refused with the reason, and nothing is deleted', async () => {
    const path = seededFile();
    const result = await captured(() => runRetentionCommand(['--database', path], { ...env, AUDIT_RETENTION_MONTHS: '5' }, () => NOW));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AUDIT_RETENTION_MONTHS: must be at least 6 months');
    expect(result.stderr).toContain('528/2000');
    expect(countsIn(path).citizen_versions).toBe(5);
  });

  it('a word or a fraction for a number of months is refused', async () => {
    expect((await captured(() => runRetentionCommand(['--dry-run'], { CITIZEN_RETENTION_MONTHS: 'et år' }))).stderr).toContain('CITIZEN_RETENTION_MONTHS: must be a whole number of months');
    expect((await captured(() => runRetentionCommand(['--dry-run'], { AUDIT_RETENTION_MONTHS: '6.5' }))).stderr).toContain('AUDIT_RETENTION_MONTHS: must be a whole number of months');
  });
});

describe('retention configuration of the bot', () => {
  const base = { LOCAL_MODE: 'true' };
  it('defaults: audit 24 months, citizens 12 months, the daily run on', () => {
    expect(loadConfig(base)).toMatchObject({ AUDIT_RETENTION_MONTHS: 24, CITIZEN_RETENTION_MONTHS: 12, RETENTION_DAILY: true });
    expect(loadConfig({ ...base, RETENTION_DAILY: 'false', AUDIT_RETENTION_MONTHS: '6' })).toMatchObject({ AUDIT_RETENTION_MONTHS: 6, RETENTION_DAILY: false });
  });

  it('AUDIT_RETENTION_MONTHS=5 stops the start with a line naming the variable and the floor', () => {
    expect(() => loadConfig({ ...base, AUDIT_RETENTION_MONTHS: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, AUDIT_RETENTION_MONTHS: '5' })).toThrow(/AUDIT_RETENTION_MONTHS.*at least 6 months/);
  });
});
