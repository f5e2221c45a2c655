import { parentPort, workerData } from 'node:worker_threads';
import type { z } from 'zod';
import { workerInput, type workerAnswer } from './findings-in-worker.js';
import { databaseFindings } from './run-doctor.js';

/** The worker thread of databaseFindingsInWorker: one check, one answer, then it ends. */
async function answer(): Promise<z.infer<typeof workerAnswer>> {
  try {
    const { now, ...database } = workerInput.parse(workerData);
    return { findings: await databaseFindings(database, new Date(now)) };
  } catch (problem) {
    return { problem: problem instanceof Error ? problem.message : String(problem) };
  }
}

parentPort!.postMessage(await answer());
