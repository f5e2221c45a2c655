/**
 * A throwaway PostgreSQL for the tests' PostgreSQL part.
 *
 *   node --import tsx test/support/postgres-cluster-cli.ts              prints the URL, holds the cluster until Ctrl-C
 *   node --import tsx test/support/postgres-cluster-cli.ts -- <command> runs the command with TEST_DATABASE_URL set
 *
 * Either way the cluster is stopped and its folder removed at the end, also on SIGINT, SIGTERM and SIGHUP (which
 * are passed on to the command first). With a command, the exit code is the command's.
 */
import { spawn } from 'node:child_process';
import { PostgresBinariesMissing } from './postgres-binaries.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres-cluster.js';

type Signal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const SIGNAL_NUMBERS: Record<Signal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** Catches the first stop signal from the very start, so one that arrives while the cluster starts is not lost. */
function stopSignals() {
  let first: Signal | undefined;
  const listeners: ((signal: Signal) => void)[] = [];
  for (const name of Object.keys(SIGNAL_NUMBERS) as Signal[]) {
    process.on(name, () => {
      first ??= name;
      for (const listener of listeners) listener(name);
    });
  }
  return {
    first: () => first,
    onEach: (listener: (signal: Signal) => void) => listeners.push(listener),
    next: () => new Promise<Signal>((resolve) => (first ? resolve(first) : listeners.push(resolve))),
  };
}

function described(cluster: ThrowawayPostgres): string {
  return `Throwaway PostgreSQL on 127.0.0.1:${cluster.port} (started in ${cluster.startSeconds.toFixed(1)} s, folder ${cluster.folder})`;
}

async function holdUntilSignal(cluster: ThrowawayPostgres, signals: ReturnType<typeof stopSignals>): Promise<number> {
  console.log(cluster.url);
  console.error(`${described(cluster)}; stopped and removed on Ctrl-C.`);
  const keepAlive = setInterval(() => undefined, 1 << 30); // signal listeners alone do not keep Node running
  try {
    return 128 + SIGNAL_NUMBERS[await signals.next()];
  } finally {
    clearInterval(keepAlive);
  }
}

async function runWith(cluster: ThrowawayPostgres, command: string[], signals: ReturnType<typeof stopSignals>): Promise<number> {
  const early = signals.first();
  if (early) return 128 + SIGNAL_NUMBERS[early];
  const [program, ...args] = command as [string, ...string[]];
  console.error(`${described(cluster)}; TEST_DATABASE_URL set for: ${command.join(' ')}`);
  const child = spawn(program, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: cluster.url } });
  signals.onEach((signal) => child.kill(signal));
  return new Promise<number>((resolve) => {
    child.once('error', (error) => {
      console.error(`Could not run ${program}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + (SIGNAL_NUMBERS[signal as Signal] ?? 9)));
  });
}

async function main(argv: string[]): Promise<number> {
  const separator = argv.indexOf('--');
  const command = separator >= 0 ? argv.slice(separator + 1) : [];
  if (separator > 0 || (separator < 0 && argv.length > 0) || (separator === 0 && command.length === 0)) {
    console.error('Usage: postgres-cluster-cli.ts [-- <command> [args…]]');
    return 2;
  }
  const signals = stopSignals();
  let cluster: ThrowawayPostgres;
  try {
    cluster = await startThrowawayPostgres();
  } catch (error) {
    if (error instanceof PostgresBinariesMissing) {
      console.error(error.message);
      return 3;
    }
    console.error(`Could not start a throwaway PostgreSQL: ${(error as Error).message}`);
    return 1;
  }
  try {
    return await (command.length > 0 ? runWith(cluster, command, signals) : holdUntilSignal(cluster, signals));
  } finally {
    await cluster.stop();
  }
}

process.exit(await main(process.argv.slice(2)));
