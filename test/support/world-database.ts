import { openPostgresStore } from '../../data/postgres/open-postgres-store.js';
import { openStore, type Store } from '../../data/store/store.js';
import { worldEngine } from '../data/engines.js';
import { remember, whenWorldsClose, type Opened } from './opened-worlds.js';
import { scratchDatabase, type ScratchDatabase } from './postgres-scratch-database.js';

/** A world's database on the engine under test (test/data/engines.ts `worldEngine`). */
export type WorldDatabase = {
  readonly engine: 'sqlite' | 'postgres';
  /** What a bot's configuration needs to open it: `DATABASE_PATH` (SQLite) or `DATABASE_URL` (PostgreSQL). */
  readonly env: Readonly<Record<string, string>>;
  /** A store on it, as a bot instance (another one, or after a restart) opens it. Closed with the test. */
  open(): Promise<Store>;
};

export type WorldSource = {
  /** Fills an empty SQLite file, migrated, at `path` (the world's import). */
  sqliteFile(): Promise<string>;
  /** Fills an empty PostgreSQL store (the world's import through the same importer). */
  fill(store: Store): Promise<void>;
  /** Worlds with the same key hold the same rows: PostgreSQL copies the first one's database instead of importing again. */
  key: string;
};

export async function openWorldDatabase(source: WorldSource): Promise<WorldDatabase> {
  const engine = worldEngine();
  if (engine.kind === 'sqlite') {
    const path = await source.sqliteFile();
    return { engine: 'sqlite', env: { DATABASE_PATH: path }, open: async () => remember(await openStore(path)) };
  }
  const template = await templateFor(engine.url, source);
  const scratch = remember(await scratchOn(engine.url, 'brobygger_world', template));
  return { engine: 'postgres', env: { DATABASE_URL: scratch.url }, open: async () => remember(await openWorldPostgresStore(scratch.url)) };
}

const openWorldPostgresStore = (url: string) => openPostgresStore(url, { maxClients: 4, idleTimeoutMs: 2_000, onIdleClientError: () => undefined });

async function scratchOn(serverUrl: string, prefix: string, template?: string): Promise<ScratchDatabase & Opened> {
  const scratch = await scratchDatabase(serverUrl, prefix, { force: true, ...(template ? { template } : {}) });
  return { ...scratch, close: () => scratch.drop() };
}

/** One filled database per world and test file, copied (CREATE DATABASE … TEMPLATE) for every world opened. */
const templates = new Map<string, Promise<ScratchDatabase>>();
whenWorldsClose(dropTemplates);

function templateFor(serverUrl: string, source: WorldSource): Promise<string> {
  let template = templates.get(source.key);
  if (!template) {
    template = makeTemplate(serverUrl, source);
    templates.set(source.key, template);
    template.catch(() => templates.delete(source.key));
  }
  return template.then((made) => made.name);
}

async function makeTemplate(serverUrl: string, source: WorldSource): Promise<ScratchDatabase> {
  const scratch = await scratchDatabase(serverUrl, 'brobygger_template', { force: true });
  try {
    const store = await openWorldPostgresStore(scratch.url);
    try {
      await source.fill(store);
    } finally {
      await store.close();
    }
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  return scratch;
}

async function dropTemplates(): Promise<void> {
  const made = [...templates.values()];
  templates.clear();
  for (const template of made) await (await template.catch(() => null))?.drop().catch(() => undefined);
}
