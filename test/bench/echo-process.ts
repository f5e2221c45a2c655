import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../bot/paths/project-root.js';

/** The bare echo bot (echo-bot.ts) in a child process, once it listens. */
export async function startEcho(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'test/bench/echo-bot.ts'], { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).url)));
  return { child, url };
}
