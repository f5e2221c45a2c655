import { describeDatabase, openConfiguredStore } from '../../data/open-store.js';
import type { OpenStoreOptions, Store } from '../../data/store/store.js';
import { commandDatabase } from '../config/database-choice.js';
import type { AuditDatabase } from './audit-database.js';

export type CommandStore = { ok: true; store: Store; name: string; postgres: boolean } | { ok: false; message: string };

/**
 * Opens the database a command works on: PostgreSQL when DATABASE_URL is set and `--database` names no file
 * (DATABASE_PATH is then ignored, as by the bot), else the SQLite file `sqliteFile` chooses. `name` is for messages:
 * the file, or `PostgreSQL (host:port/db)` without the password.
 */
export async function openCommandStore(option: string | undefined, env: NodeJS.ProcessEnv, sqliteFile: () => AuditDatabase, options: OpenStoreOptions): Promise<CommandStore> {
  const database = commandDatabase(option, env);
  if (!database.ok) return database;
  if (database.postgres) {
    const name = describeDatabase(database.postgres);
    try {
      const store = await openConfiguredStore(database.postgres, { onIdleClientError: () => undefined, ...(options.readonly === undefined ? {} : { readonly: options.readonly }) });
      return { ok: true, store, name, postgres: true };
    } catch (problem) {
      return { ok: false, message: `${name} kunne ikke åbnes (${(problem as Error).message}): ret DATABASE_URL, eller tjek at serveren kører og tager imod forbindelser.` };
    }
  }
  const file = sqliteFile();
  if (!file.ok) return file;
  return { ok: true, store: await openConfiguredStore({ databasePath: file.path }, options), name: file.path, postgres: false };
}
