import { describePostgresUrl } from './postgres/driver/postgres-url.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/open-postgres-store.js';
import { openStore, type OpenStoreOptions, type Store } from './store/store.js';

/** Which database the configuration names: PostgreSQL when `databaseUrl` is set, else the SQLite file. */
export type DatabaseChoice = {
  databaseUrl?: string | undefined;
  databasePath: string;
  /** PostgreSQL only: connections this process keeps (the driver's default when unset). */
  poolSize?: number | undefined;
};

export type ConfiguredStoreOptions = OpenStoreOptions & {
  /** PostgreSQL only: an idle connection was lost (the pool replaces it); report it through the caller's logger. */
  onIdleClientError?: (error: Error) => void;
  /** PostgreSQL only: given, the store listens for other instances' commits and reports the listening connection here. */
  onWakeConnection?: PostgresStoreOptions['onWakeConnection'];
  /** PostgreSQL only: a wake notification for other instances could not be sent (they see the write at their next poll). */
  onWakeNotifyFailed?: PostgresStoreOptions['onWakeNotifyFailed'];
};

/**
 * Opens the store of the engine the configuration chooses, migrated as at start unless `readonly`: a read-only store
 * is never migrated, on either engine. On PostgreSQL `readonly` means only that (the connection can still write; the
 * read-only commands do not), and `waiting` has no effect: lock waits end after the pool's lock timeout.
 */
export async function openConfiguredStore(database: DatabaseChoice, options: ConfiguredStoreOptions = {}): Promise<Store> {
  if (database.databaseUrl) {
    return openPostgresStore(database.databaseUrl, {
      migrate: !options.readonly,
      ...(database.poolSize === undefined ? {} : { maxClients: database.poolSize }),
      onIdleClientError: options.onIdleClientError ?? (() => undefined),
      ...(options.onWakeConnection ? { onWakeConnection: options.onWakeConnection } : {}),
      ...(options.onWakeNotifyFailed ? { onWakeNotifyFailed: options.onWakeNotifyFailed } : {}),
    });
  }
  return openStore(database.databasePath, {
    ...(options.readonly === undefined ? {} : { readonly: options.readonly }),
    ...(options.waiting === undefined ? {} : { waiting: options.waiting }),
  });
}

/** For log lines and messages: `PostgreSQL (host:port/db)` without user or password, or the SQLite file. */
export function describeDatabase(database: DatabaseChoice): string {
  return database.databaseUrl ? `PostgreSQL (${describePostgresUrl(database.databaseUrl)})` : database.databasePath;
}
