import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../bot/paths/project-root.js';

export type ChildResult = { code: number; seconds: number; maxRssMb: number };

/** Runs the compiled import command and reports its own peak memory on the last line. */
const IMPORT_CHILD = `
  const started = performance.now();
  const { runImport } = await import(${JSON.stringify(`file://${projectRoot()}/dist/bot/cli/import.js`)});
  const code = await runImport(process.argv.slice(1));
  process.stdout.write(JSON.stringify({ code, seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\\n');
  process.exit(code);`;

/** The import runs the compiled command (dist/), as `npm run import` does, so dist/ is built first. */
export async function buildDist(onLine: (line: string) => void): Promise<void> {
  await runNode([join(projectRoot(), 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], onLine);
}

/** A full import of every file in `folder` into `database`, in its own process, with its phase lines (--verbose). */
export function runImportCommand(folder: string, database: string, onLine: (line: string) => void): Promise<ChildResult> {
  return runNode(['-e', IMPORT_CHILD, folder, '--database', database, '--verbose'], onLine);
}

/** The peak memory of a Node process that does nothing, to read the import's against. */
export async function nodeAloneMb(): Promise<number> {
  const alone = await runNode(['-e', 'process.stdout.write(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\\n")'], () => {});
  return alone.maxRssMb;
}

/** Runs node with `args`; lines that are not the closing JSON go to `onLine` as they come. */
function runNode(args: string[], onLine: (line: string) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args[0] === '-e' ? ['--input-type=module', ...args] : args, { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (line.startsWith('{')) last = line;
        else onLine(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, seconds: 0, maxRssMb: 0, ...JSON.parse(last || '{}') }));
  });
}
