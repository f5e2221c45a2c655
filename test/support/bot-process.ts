import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../bot/paths/project-root.js';

export type BotProcess = { child: ChildProcess; url: string; output: string[]; exited: Promise<number | null> };

/**
 * Runs `bot/main.ts` (the production entry) in a child process and waits until it listens. In local mode
 * (LOCAL_MODE=true) unless `env` sets MicrosoftAppId; pass `LOCAL_MODE: ''` or `HOST: ''` to test the defaults.
 */
/** How long a start may take: on a loaded 2-core machine a process with tsx and a PostgreSQL pool needs over 20 s. */
const START_TIMEOUT_MS = 45_000;

export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/main.ts'], {
    cwd: projectRoot(),
    // Without the guide's Danish dictionary unless asked: loading it costs seconds and some 130 MB per bot.
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', GUIDE_SPELLING_DICTIONARY: 'false', ...(env.MicrosoftAppId ? {} : { LOCAL_MODE: 'true' }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start in ${START_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'Brobygger is listening') {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          /* not a log line */
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`bot exited with ${code}:\n${output.join('\n')}`)));
  });
  return { child, url, output, exited };
}

/** A start that must fail: the exit code and the lines it wrote (spawnBot rejects with them when the process exits). */
export async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  let started: BotProcess;
  try {
    started = await spawnBot(env);
  } catch (error) {
    const text = (error as Error).message;
    const code = Number(/^bot exited with (\S+):/.exec(text)?.[1]);
    return { code, lines: text.split('\n').slice(1).filter(Boolean) };
  }
  started.child.kill('SIGKILL');
  throw new Error('the bot started, but should have refused');
}
