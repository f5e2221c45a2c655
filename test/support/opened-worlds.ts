import { afterAll, afterEach, beforeEach } from 'vitest';

export type Opened = { close(): Promise<void> };

/**
 * What the test worlds opened, closed when the test that opened them ends (or the file, when opened in beforeAll),
 * so a test file's stores and PostgreSQL databases do not pile up. Registered by setup-worlds.ts in every test file,
 * so this module imports nothing but vitest: a test file that opens no world does not load the store to close none.
 */
const opened = { file: [] as Opened[], test: [] as Opened[] };
/** Run after everything opened is closed (world-database.ts drops its template databases). */
const lastly: (() => Promise<void>)[] = [];
let inTest = false;

export function closeWorldsWithTests(): void {
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    await closeAll(opened.test.splice(0));
  });
  afterAll(closeWorlds);
}

export function remember<T extends Opened>(thing: T): T {
  (inTest ? opened.test : opened.file).push(thing);
  return thing;
}

export function whenWorldsClose(cleanup: () => Promise<void>): void {
  lastly.push(cleanup);
}

/** Closes and drops everything the worlds opened (also for a script outside vitest: npm run guide:quality). */
export async function closeWorlds(): Promise<void> {
  await closeAll(opened.test.splice(0));
  await closeAll(opened.file.splice(0));
  for (const cleanup of lastly) await cleanup().catch(() => undefined);
}

async function closeAll(things: Opened[]): Promise<void> {
  // Newest first: stores before the databases they are on.
  for (const thing of things.reverse()) await thing.close().catch(() => undefined);
}
