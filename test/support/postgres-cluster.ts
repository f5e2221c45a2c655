import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin } from './postgres-binaries.js';
import { freePort } from './free-port.js';

const APP_ROLE = 'brobygger';
const DATABASE = 'brobygger_test';
const START_ATTEMPTS = 3;

export interface ThrowawayPostgres {
  /** `postgres://brobygger:…@127.0.0.1:<port>/brobygger_test`: a role that owns the database but is no superuser. */
  readonly url: string;
  readonly port: number;
  /** The temp folder holding the cluster, its socket and its log; removed by `stop`. */
  readonly folder: string;
  readonly startSeconds: number;
  /** Stops the server and removes the folder; safe to call more than once. */
  stop(): Promise<void>;
}

interface Runner {
  readonly bin: string;
  /** PostgreSQL refuses to run as root: as root every program runs as the `postgres` user. */
  readonly asPostgresUser: boolean;
  readonly folder: string;
}

function commandLine(runner: Runner, program: string, args: string[]): [string, string[]] {
  const path = join(runner.bin, program);
  return runner.asPostgresUser ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function run(runner: Runner, program: string, args: string[], input?: string): Promise<void> {
  const [command, argv] = commandLine(runner, program, args);
  // The folder is the working directory because the postgres user may not be allowed into the caller's.
  const child = spawn(command, argv, { cwd: runner.folder, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(input ?? '');
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${program} ${args[0] ?? ''} failed (exit ${code}):\n${output.trim()}`);
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const ids = (flag: string) => {
    const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        'Running as root, but there is no `postgres` user to run PostgreSQL as (it refuses to run as root). ' +
          "Debian's `postgresql` package creates it; otherwise create it with `useradd --system postgres`.",
      );
    }
    return Number(result.stdout.trim());
  };
  return { uid: ids('-u'), gid: ids('-g') };
}

async function startServer(runner: Runner, dataDir: string, logFile: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k '${runner.folder}'`,
      // A throwaway cluster: nothing in it has to survive a crash of the machine.
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      // The whole suite on PostgreSQL (TEST_STORE_ENGINE=postgres) opens a store per world in two test workers.
      '-c max_connections=300',
    ].join(' ');
    try {
      await run(runner, 'pg_ctl', ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', options]);
      return port;
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      // Another process may take the port between freePort() and the server's bind: try another.
      if (attempt < START_ATTEMPTS && /could not bind|already in use/i.test(log)) continue;
      throw new Error(`${(error as Error).message}\nServer log (${logFile}):\n${log.trim()}`);
    }
  }
}

/**
 * Starts a PostgreSQL cluster of its own in a new temp folder, listening on 127.0.0.1 only (its unix socket inside
 * that folder), with a database owned by a password-protected role. Works as root (programs run as `postgres`).
 * The cluster is also stopped if the process exits without calling `stop`.
 */
export async function startThrowawayPostgres(env: NodeJS.ProcessEnv = process.env): Promise<ThrowawayPostgres> {
  const started = performance.now();
  const bin = findPostgresBin(env);
  const asPostgresUser = process.getuid?.() === 0;
  if (/['\s]/.test(tmpdir())) throw new Error(`The temp folder ${tmpdir()} must not contain spaces or quotes.`);
  const folder = await mkdtemp(join(tmpdir(), 'brobygger-postgres-'));
  const runner: Runner = { bin, asPostgresUser, folder };
  const dataDir = join(folder, 'data');
  const logFile = join(folder, 'server.log');
  let serverStarted = false;

  const stopSync = () => {
    if (serverStarted) spawnSync(...commandLine(runner, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']));
    serverStarted = false;
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', stopSync);
  const stop = async () => {
    process.removeListener('exit', stopSync);
    if (serverStarted) await run(runner, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    serverStarted = false;
    await rm(folder, { recursive: true, force: true });
  };

  try {
    if (asPostgresUser) {
      const { uid, gid } = await postgresUserIds();
      await chown(folder, uid, gid);
    }
    await run(runner, 'initdb', [
      '-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256',
      '--encoding=UTF8', '--no-locale', '--no-sync', '--no-instructions',
    ]);
    const port = await startServer(runner, dataDir, logFile);
    serverStarted = true;
    const password = randomBytes(18).toString('hex');
    // C collation: SQLite's BINARY order decides ORDER BY and < on keys, and a language's collation would reorder.
    // The superuser logs in over the socket in the private folder only; the SQL goes by stdin to keep the
    // password out of the process list.
    await run(
      runner,
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', folder, '-p', String(port), '-U', 'postgres', '-d', 'postgres'],
      `CREATE ROLE ${APP_ROLE} LOGIN CREATEDB PASSWORD '${password}';\nCREATE DATABASE ${DATABASE} OWNER ${APP_ROLE} LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;\n`,
    );
    const startSeconds = (performance.now() - started) / 1000;
    const url = `postgres://${APP_ROLE}:${password}@127.0.0.1:${port}/${DATABASE}`;
    return { url, port, folder, startSeconds, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    if (asPostgresUser && /permission denied/i.test((error as Error).message)) {
      (error as Error).message += `\nThe postgres user must be able to reach ${folder}: point TMPDIR at a folder it can enter.`;
    }
    throw error;
  }
}
