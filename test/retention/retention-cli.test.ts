import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../bot/cli/audit.js';
import { runRetentionCommand } from '../../bot/cli/retention.js';
import { ConfigError, loadConfig } from '../../bot/config/load-config.js';
import { sqlValue } from '../support/raw-sql.js';
import type { WorldDatabase } from '../support/world-database.js';
import { FIXTURE_TABLES, NOW, retentionWorldDatabase } from './retention-fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
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

/** Row counts per table of the fixture, read through a store of their own, closed again. */
async function countsIn(database: WorldDatabase): Promise<Record<string, number>> {
  const store = await database.open();
  try {
    const counts: Record<string, number> = {};
    for (const table of [...FIXTURE_TABLES, 'audit_chain_anchor', 'retention_runs']) counts[table] = await sqlValue<number>(store, `SELECT count(*) FROM ${table}`);
    return counts;
  } finally {
    await store.close();
  }
}

const env = { CITIZEN_RETENTION_MONTHS: '12', AUDIT_RETENTION_MONTHS: '6' };

/**
 * The command line and environment naming the database as an operator would: `--database <file>` for SQLite,
 * DATABASE_URL for PostgreSQL (npm run audit reads it from the process's environment).
 */
function naming(database: WorldDatabase): { args: string[]; env: Record<string, string> } {
  if (database.engine === 'sqlite') return { args: ['--database', database.env.DATABASE_PATH!], env };
  vi.stubEnv('DATABASE_URL', database.env.DATABASE_URL!);
  return { args: [], env: { ...env, ...database.env } };
}

describe('npm run retention', () => {
  it('--dry-run prints what would be deleted by kind and count, and changes nothing', async () => {
    const database = await retentionWorldDatabase();
    const { args, env } = naming(database);
    const before = await countsIn(database);
    const result = await captured(() => runRetentionCommand(['--dry-run', ...args], env, () => NOW));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Prøvekørsel — intet er ændret');
    expect(result.stdout).toMatch(/borgere\s+2\n/);
    expect(result.stdout).toMatch(/sagsversioner\s+1\n/);
    expect(result.stdout).toMatch(/revisionslogrækker\s+3\n/);
    expect(result.stdout).not.toMatch(/\d{10}/);
    expect(await countsIn(database)).toEqual(before);
  });

  it('deletes, prints the counts, and npm run audit -- --verify still exits 0', async () => {
    const { args, env } = naming(await retentionWorldDatabase());
    const result = await captured(() => runRetentionCommand(args, env, () => NOW));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Slettet:\n\s+borgere\s+2\n/);
    const verify = await captured(() => runAudit(['--verify', ...args]));
    expect(verify.code).toBe(0);
    expect((await captured(() => runRetentionCommand(['--dry-run', ...args], env, () => NOW))).stdout).toMatch(/borgere\s+0\n/);
  });

  it('AUDIT_RETENTION_MONTHS below 6 is refused with the reason, and nothing is deleted', async () => {
    const database = await retentionWorldDatabase();
    const { args, env } = naming(database);
    const result = await captured(() => runRetentionCommand(args, { ...env, AUDIT_RETENTION_MONTHS: '5' }, () => NOW));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AUDIT_RETENTION_MONTHS: must be at least 6 months');
    expect(result.stderr).toContain('528/2000');
    expect((await countsIn(database)).citizen_versions).toBe(5);
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
