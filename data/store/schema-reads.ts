import { migrations as allMigrations } from '../migrations/index.js';
import type { Migration } from '../migrations/migration.js';
import { schemaIsCurrent, type Db } from './open-database.js';

/** Which migrations a database has, for commands that open it read-only and may meet an older one. */
export class SchemaReads {
  constructor(
    private readonly db: Db,
    private readonly migrations: readonly Migration[] = allMigrations,
  ) {}

  /** The newest migration applied, 0 when none has been. */
  version(): number {
    return (this.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
  }

  /** The newest migration this version of Brobygger knows. */
  latest(): number {
    return Math.max(...this.migrations.map((migration) => migration.version));
  }

  /** Every migration this version knows has been applied, and the database is open. */
  isCurrent(): boolean {
    return schemaIsCurrent(this.db, this.migrations);
  }

  has(version: number): boolean {
    return this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(version) !== undefined;
  }
}
