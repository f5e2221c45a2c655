import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectFile } from '../paths/project-root.js';
import { loopbackOnlyPreload } from './playground-loopback.js';

type MockUser = { id: string; name: string; aadObjectId: string; [key: string]: unknown };
type PlaygroundConfig = { tenantId: string; currentUser: MockUser; users: MockUser[]; [key: string]: unknown };

export type Playground = { url: string; config: PlaygroundConfig; stop(): Promise<void> };

/** The Playground refuses a config without exactly this many `users` besides the current user. */
const OTHER_USERS = 5;

/**
 * The shipped mock users (`.m365agentsplayground.yml`), with `as` (e.g. "mads") made the current user. The file
 * lists more people than the Playground takes: the first five others are the ones in its team and group chat.
 */
export function playgroundConfig(as?: string): PlaygroundConfig {
  const config = parse(readFileSync(projectFile('.m365agentsplayground.yml'), 'utf8')) as PlaygroundConfig;
  const everyone = [config.currentUser, ...config.users];
  const chosen = as ? everyone.find((user) => user.id === `29:${as}` || user.name.toLowerCase().startsWith(as.toLowerCase())) : config.currentUser;
  if (!chosen) throw new Error(`No mock user "${as}"; choose one of: ${everyone.map((user) => user.id.replace('29:', '')).join(', ')}`);
  return { ...config, currentUser: chosen, users: everyone.filter((user) => user !== chosen).slice(0, OTHER_USERS) };
}

/**
 * Starts the Microsoft 365 Agents Playground (Teams emulator) pointed at the bot, offline: telemetry off, no
 * browser opened, listening on 127.0.0.1 only (see playground-loopback.ts), its log (which holds whole messages)
 * kept in `workDir` rather than the repository.
 */
export async function startPlayground(options: { botEndpoint: string; port: number; workDir: string; config: PlaygroundConfig }): Promise<Playground> {
  mkdirSync(options.workDir, { recursive: true });
  const configPath = join(options.workDir, '.m365agentsplayground.yml');
  writeFileSync(configPath, stringify(options.config));
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const child: ChildProcess = spawn(process.execPath, ['--import', loopbackOnlyPreload(), cli, '-e', options.botEndpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'], {
    cwd: options.workDir,
    env: {
      ...process.env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    // An invalid config makes the Playground exit quietly; its reason is in devTools/m365agentsplayground.log.
    if (exited !== undefined) throw new Error(`The Agents Playground exited (${exited}); see ${join(options.workDir, 'devTools')}.\n${output.join('')}`);
    if (await ping(`${url}/_debug/ping`)) break;
    if (Date.now() > deadline) throw new Error(`The Agents Playground did not answer on ${url} within 30 s.\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    config: options.config,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== undefined) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function ping(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
