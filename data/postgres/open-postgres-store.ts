import { AlertRepository } from '../repositories/alerts.js';
import { AnnouncementRepository } from '../repositories/announcements.js';
import { AuditLog, type AuditEntry } from '../repositories/audit-log.js';
import { AuditSampleReads } from '../repositories/audit-sample.js';
import { CaseRepository } from '../repositories/cases.js';
import { ChannelLinkRepository } from '../repositories/channel-links.js';
import { CitizenRepository } from '../repositories/citizens.js';
import { ConsentRepository } from '../repositories/consents.js';
import { ConversationRepository } from '../repositories/conversations.js';
import { EmployeeRepository } from '../repositories/employees.js';
import { EventRepository } from '../repositories/events.js';
import { GoalStatusRepository } from '../repositories/goal-status.js';
import { GreetedUserRepository } from '../repositories/greeted-users.js';
import { GuideSearchRepository } from '../repositories/guide-searches.js';
import { HotlineRepository } from '../repositories/hotline.js';
import { JobLeaseRepository } from '../repositories/job-leases.js';
import { OperationsReads } from '../repositories/operations.js';
import { OutboxRepository } from '../repositories/outbox.js';
import { PendingActionRepository } from '../repositories/pending-actions.js';
import { SampleCheckReads } from '../repositories/sample-check-reads.js';
import { SharedCitizenOverrideRepository } from '../repositories/shared-citizen-overrides.js';
import { UnitRepository } from '../repositories/units.js';
import { asyncFacade } from '../store/async-repositories.js';
import { GroupCommit } from '../store/group-commit.js';
import { groupedAuditAppends } from '../store/grouped-audit-appends.js';
import type { Repositories, Store, Tx } from '../store/store.js';
import { openPgPool, type PgPool, type PgPoolOptions } from './driver/pg-pool.js';
import { migratePostgres } from './migrate.js';
import { postgresMigrations } from './migrations/index.js';
import type { PostgresMigration } from './migrations/postgres-migration.js';
import { PgUnits, type PgFrame } from './pg-units.js';
import { FrameRepositories, type FrameSql } from './frame-repositories.js';
import { refuseInsideUnitOf } from '../store/unit-checks.js';
import { PgGuideRepository } from './repositories/guide.js';
import { StoreUnsupported } from '../store/store-unsupported.js';
import { importOnSession } from './pg-import-session.js';
import { PgSql } from './pg-sql.js';
import { rememberRawSql } from '../store/raw-sql.js';
import { lastRetentionRunDay, planRetention, RetentionRun, runRetentionBatches } from '../retention/retention-run.js';
import { WakeListener, type WakeConnectionEvent } from './wake-listener.js';

export type PostgresStoreOptions = Omit<PgPoolOptions, 'url'> & {
  /**
   * Given: the store LISTENs for other instances' commits (wake-listener.ts) and tells its onCommitted listeners of
   * them; this reports the listening connection's loss and recovery. Omitted (commands): it does not listen.
   */
  onWakeConnection?: (event: WakeConnectionEvent) => void;
  /**
   * false: opened as it is, never migrated (a read-only command such as the doctor or the audit extract must not change
   * the schema under instances of an older release); `schema.isCurrent()` says whether it is current. Default true.
   */
  migrate?: boolean;
  /** A wake notification after writes outside a unit of work could not be sent: others see the writes at their next poll. */
  onWakeNotifyFailed?: (error: unknown) => void;
};

/** Repositories as the engine makes them: each already asynchronous (the facade adds the unit-of-work rules). */
type EngineRepositories = { [K in keyof Repositories]: K extends 'audit' ? Omit<Repositories[K], 'appendCommitted'> : Repositories[K] };

/** The store's repositories over `sql` (a frame: its Sql and its WriteNotes), made once (frame-repositories.ts). */
function engineRepositories(sql: FrameSql): EngineRepositories {
  return {
    employees: new EmployeeRepository(sql),
    units: new UnitRepository(sql),
    citizens: new CitizenRepository(sql),
    cases: new CaseRepository(sql),
    consents: new ConsentRepository(sql),
    sharedOverrides: new SharedCitizenOverrideRepository(sql),
    audit: new AuditLog(sql),
    pendingActions: new PendingActionRepository(sql),
    greetedUsers: new GreetedUserRepository(sql),
    conversations: new ConversationRepository(sql),
    channelLinks: new ChannelLinkRepository(sql),
    events: new EventRepository(sql),
    alerts: new AlertRepository(sql),
    outbox: new OutboxRepository(sql, sql),
    hotline: new HotlineRepository(sql),
    guide: new PgGuideRepository(sql),
    guideSearches: new GuideSearchRepository(sql),
    announcements: new AnnouncementRepository(sql, sql),
    goalStatus: new GoalStatusRepository(sql),
    operations: new OperationsReads(sql),
    sampleCheck: new SampleCheckReads(sql),
    auditSample: new AuditSampleReads(sql),
    jobLeases: new JobLeaseRepository(sql),
  };
}

/**
 * Opens the store on the PostgreSQL database at `url`: migrates it (data/postgres/migrate.ts), then its repositories,
 * made once and bound per unit of work or call (frame-repositories.ts): through `tx` they write in the unit's
 * transaction, through the store on the pool (pg-units.ts).
 * Backup rejects with StoreUnsupported (use pg_dump).
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<Store> {
  const { migrate = true, ...poolOptions } = options;
  const pool = openPgPool({ ...poolOptions, url });
  try {
    if (migrate) {
      const migrator = await pool.connect();
      await migratePostgres(migrator).finally(() => migrator.release());
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const units = new PgUnits(pool, options.onWakeNotifyFailed);
  const { onWakeConnection } = options;
  const listener = onWakeConnection ? new WakeListener({ url, self: units.self, onWake: (wrote) => units.heard(wrote), onConnection: onWakeConnection }) : null;
  await listener?.start();
  return createPostgresStore(pool, units, listener);
}

function createPostgresStore(pool: PgPool, units: PgUnits, listener: WakeListener | null): Store {
  const appendGrouped = groupedAuditAppends((work) => units.transaction((frame) => work(repositories.txOf(frame))));
  // Checked where it is called: the batch's transaction runs later, in the context of whoever submitted first.
  const appendCommitted = async (entry: AuditEntry) => {
    refuseInsideUnitOf(units);
    return appendGrouped(entry);
  };
  const repositories = new FrameRepositories<Repositories>(units, (sql) => engineRepositories(sql) as unknown as Repositories, { audit: { appendCommitted } });
  const txOf = (frame: PgFrame) => repositories.txOf(frame);
  const groupCommit = new GroupCommit((works: readonly ((tx: Tx) => Promise<unknown>)[]) => units.commitBatch(works.map((work) => (frame: PgFrame) => work(txOf(frame)))));
  const commitGrouped = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    refuseInsideUnitOf(units);
    return groupCommit.submit(work) as Promise<T>;
  };
  const schemaReads = new PgSchemaReads(pool);
  const unsupported = (what: string, instead?: string) => () => Promise.reject(new StoreUnsupported(what, instead));
  const overPool = PgSql.overPool(pool);
  let closed = false;
  const rest: Omit<Store, keyof Repositories> = {
    transaction: (work) => units.transaction((frame) => work(txOf(frame))),
    commitGrouped,
    onCommitted: (listener) => units.onCommitted(listener),
    writesSoFar: () => units.writesSoFar(),
    schema: asyncFacade({ schema: schemaReads }, (call) => units.outside(call)).schema,
    retention: {
      lastRunDay: () => lastRetentionRunDay(overPool),
      plan: (cutoffs) => planRetention(overPool, cutoffs),
      run: (request) => runRetentionBatches(new RetentionRun({ ...request, sql: overPool }), request.keepGoing ?? (() => true), (work) => work()),
    },
    importFolder: (folder, options) => importOnSession(pool, folder, options),
    backup: unsupported('store.backup', 'use pg_dump'),
    readSnapshot: (read) => units.snapshot((frame) => read(txOf(frame))),
    notReadyReason: async () => {
      if (closed) return 'database closed';
      try {
        await pool.query('SELECT 1');
      } catch (error) {
        return `database unreachable: ${(error as Error).message}`;
      }
      if (!(await schemaReads.isCurrent().catch(() => false))) return 'database schema is not current';
      return null;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await listener?.close();
      await pool.end();
    },
  };
  return rememberRawSql(Object.assign(repositories.outside, rest) as Store, overPool);
}

/** Which PostgreSQL migrations the database has (the baseline records SQLite's 1–16 as one). */
class PgSchemaReads {
  constructor(
    private readonly pool: PgPool,
    private readonly migrations: readonly PostgresMigration[] = postgresMigrations,
  ) {}

  /** The newest migration applied, 0 when none has been. */
  async version(): Promise<number> {
    if (!(await this.hasMigrationsTable())) return 0;
    const [row] = await this.pool.query<{ latest: number | null }>('SELECT max(version) AS latest FROM schema_migrations');
    return row?.latest ?? 0;
  }

  /** The newest migration this version of Brobygger knows. */
  async latest(): Promise<number> {
    return Math.max(...this.recorded());
  }

  /** Every migration this version knows has been applied. */
  async isCurrent(): Promise<boolean> {
    if (!(await this.hasMigrationsTable())) return false;
    const rows = await this.pool.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    return this.recorded().every((version) => applied.has(version));
  }

  async has(version: number): Promise<boolean> {
    if (!(await this.hasMigrationsTable())) return false;
    return (await this.pool.query('SELECT 1 FROM schema_migrations WHERE version = @version', { version })).length > 0;
  }

  private recorded(): number[] {
    return this.migrations.flatMap((migration) => (migration.records ?? [[migration.version, migration.name]]).map(([version]) => version));
  }

  private async hasMigrationsTable(): Promise<boolean> {
    const [row] = await this.pool.query<{ present: number }>("SELECT count(*) AS present FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'");
    return (row?.present ?? 0) > 0;
  }
}
