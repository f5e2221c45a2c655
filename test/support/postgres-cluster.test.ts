import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresEnginesUnderTest } from '../data/engines.js';

const CLI = 'test/support/postgres-cluster-cli.ts';

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; `whenOutput` is called with what it has printed so far, to signal it at the right moment. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}, whenOutput?: (stdout: string, kill: () => void) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    whenOutput?.(stdout, () => child.kill('SIGTERM'));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<CliRun>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function clusterFolder(stderr: string): string {
  const folder = /folder (\/\S+)\)/.exec(stderr)?.[1];
  expect(folder, stderr).toBeDefined();
  return folder!;
}

describe('the throwaway PostgreSQL CLI', () => {
  it('refuses arguments other than `-- <command>` with its usage and exit 2, starting nothing', async () => {
    for (const args of [['extra'], ['extra', '--', 'true'], ['--']]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Usage: postgres-cluster-cli.ts [-- <command> [args…]]');
    }
  });

  it("without PostgreSQL's programs it says where it looked and exits with 3", async () => {
    const empty = await mkdtemp(join(tmpdir(), 'brobygger-pgbin-'));
    try {
      const run = await runCli(['--', 'true'], { POSTGRES_BIN: empty });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`POSTGRES_BIN=${empty} does not hold initdb, pg_ctl, psql`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

// Starting clusters needs PostgreSQL's programs, which the PostgreSQL part (`npm run test:postgres`) has.
if (postgresEnginesUnderTest().length > 0) {
  describe('the throwaway PostgreSQL CLI, starting real clusters', () => {
    it('gives the command a URL for a non-superuser on 127.0.0.1 only, passes its exit code on, then removes the cluster', async () => {
      const probe = `
        import pg from 'pg';
        const client = new pg.Client(process.env.TEST_DATABASE_URL);
        await client.connect();
        const row = (await client.query(\`SELECT current_user AS "user", current_database() AS database,
          (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
          current_setting('listen_addresses') AS listen\`)).rows[0];
        console.log(JSON.stringify(row));
        await client.end();
        process.exit(7);`;
      const run = await runCli(['--', process.execPath, '--input-type=module', '-e', probe]);
      expect(run.code, run.stderr).toBe(7);
      expect(JSON.parse(run.stdout)).toEqual({ user: 'brobygger', database: 'brobygger_test', superuser: false, listen: '127.0.0.1' });
      expect(existsSync(clusterFolder(run.stderr))).toBe(false);
    }, 90_000);

    it('on SIGTERM it stops the command and the cluster, removes the folder and exits with 143', async () => {
      const waiting = 'console.log("ready"); setInterval(() => {}, 1000);';
      const run = await runCli(['--', process.execPath, '-e', waiting], {}, (stdout, kill) => {
        if (stdout.includes('ready')) kill();
      });
      expect(run.code, run.stderr).toBe(143);
      expect(existsSync(clusterFolder(run.stderr))).toBe(false);
    }, 90_000);
  });
}
