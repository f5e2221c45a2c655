import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Finding } from './finding.js';
import type { DatabaseToCheck } from './run-doctor.js';

/** What the self-check's thread is given. */
export const workerInput = z.object({ DATABASE_PATH: z.string().min(1), DATABASE_URL: z.string().optional(), DATABASE_POOL_SIZE: z.int().min(1).default(2), ALERT_FALLBACK_UNIT_ID: z.string().optional(), now: z.iso.datetime() });

/** What it answers: the findings, or why it could not check. */
export const workerAnswer = z.union([
  z.object({ findings: z.array(z.object({ severity: z.enum(['error', 'warning', 'ok']), check: z.string(), text: z.string() })) }),
  z.object({ problem: z.string() }),
]);

/**
 * The database's findings computed in a worker thread with its own read-only connection, so the bot's event loop
 * never waits for them (units without a channel scans every case: about 0.8 s on 2,000,000 cases).
 */
export function databaseFindingsInWorker(database: DatabaseToCheck, now: Date): Promise<Finding[]> {
  const input: z.input<typeof workerInput> = { DATABASE_PATH: database.DATABASE_PATH, DATABASE_URL: database.DATABASE_URL, DATABASE_POOL_SIZE: database.DATABASE_POOL_SIZE, ALERT_FALLBACK_UNIT_ID: database.ALERT_FALLBACK_UNIT_ID, now: now.toISOString() };
  const worker = workerFor(new URL(`./database-findings-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url), input);
  return new Promise((resolve, reject) => {
    worker.once('message', (message: unknown) => {
      const answer = workerAnswer.parse(message);
      if ('findings' in answer) resolve(answer.findings);
      else reject(new Error(answer.problem));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the self-check's thread stopped (exit code ${code}) without an answer`)));
  });
}

/**
 * Compiled (dist/…/*.js) the worker is plain JavaScript. From the sources (tests, npm run dev) it is TypeScript, which
 * Node 20 cannot load in a worker even with `--import tsx` in its execArgv: the worker imports it through tsx.
 */
function workerFor(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsx = pathToFileURL(tsxEsmApi()).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`, { eval: true, workerData });
}

/** tsx's ESM API file, as its package exports it to `import` (its CommonJS twin fails to import from a worker). */
function tsxEsmApi(): string {
  const packageFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(packageFile, 'utf8')) as { exports: { './esm/api': { import: { default: string } } } };
  return join(dirname(packageFile), exports['./esm/api'].import.default);
}
