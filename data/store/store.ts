import { AlertRepository } from '../repositories/alerts.js';
import { AnnouncementRepository } from '../repositories/announcements.js';
import { AuditLog, type AuditEntry } from '../repositories/audit-log.js';
import { verifyAuditChain } from '../repositories/verify-audit-chain.js';
import { CaseRepository } from '../repositories/cases.js';
import { ChannelLinkRepository } from '../repositories/channel-links.js';
import { CitizenRepository } from '../repositories/citizens.js';
import { ConsentRepository } from '../repositories/consents.js';
import { ConversationRepository } from '../repositories/conversations.js';
import { EmployeeRepository } from '../repositories/employees.js';
import { EventRepository } from '../repositories/events.js';
import { GoalStatusRepository } from '../repositories/goal-status.js';
import { GuideRepository } from '../repositories/guide.js';
import { GuideSearchRepository } from '../repositories/guide-searches.js';
import { HotlineRepository } from '../repositories/hotline.js';
import { GreetedUserRepository } from '../repositories/greeted-users.js';
import { OutboxRepository } from '../repositories/outbox.js';
import { PendingActionRepository } from '../repositories/pending-actions.js';
import { SharedCitizenOverrideRepository } from '../repositories/shared-citizen-overrides.js';
import { UnitRepository } from '../repositories/units.js';
import { OperationsReads } from '../repositories/operations.js';
import { SampleCheckReads } from '../repositories/sample-check-reads.js';
import { AuditSampleReads } from '../repositories/audit-sample.js';
import { JobLeaseRepository } from '../repositories/job-leases.js';
import { importFolder, type ImportOptions, type ImportReport } from '../import/import-folder.js';
import { lastRetentionRunDay, planRetention, RetentionRun, runRetentionBatches, type RetentionCounts, type RetentionRunOptions } from '../retention/retention-run.js';
import type { RetentionCutoffs } from '../retention/retention-cutoffs.js';
import { backupDatabase, type BackupResult } from './backup-database.js';
import { CommitSignal, type CommittedListener } from '../sql/commit-signal.js';
import { asyncFacade, facadeFactory, invokeOf, type Async, type Invoke } from './async-repositories.js';
import { refuseInsideUnitOf, StoreUsedInsideUnit } from './unit-checks.js';
import { GroupCommit } from './group-commit.js';
import { groupedAuditAppends } from './grouped-audit-appends.js';
import { SqliteUnits } from './sqlite-units.js';
import { BATCH_BUSY_TIMEOUT_MS, openDatabase, type Db } from './open-database.js';
import { SchemaReads } from './schema-reads.js';
import { SqliteSql } from '../sqlite/sqlite-sql.js';
import { rememberRawSql } from './raw-sql.js';
import { writeLockHeldElsewhere } from './write-lock-probe.js';

/**
 * The bot's statements wait at most this long (blocking the event loop) for another process's write lock; longer
 * waits are asynchronous retries of the whole unit of work (retry-while-busy.ts).
 */
export const BOT_BUSY_TIMEOUT_MS = 20;

/** The repositories as the SQLite engine makes them (synchronous, each with its statements prepared once). */
type EngineRepositories = {
  employees: EmployeeRepository;
  units: UnitRepository;
  citizens: CitizenRepository;
  cases: CaseRepository;
  consents: ConsentRepository;
  sharedOverrides: SharedCitizenOverrideRepository;
  audit: AuditLog;
  pendingActions: PendingActionRepository;
  greetedUsers: GreetedUserRepository;
  conversations: ConversationRepository;
  channelLinks: ChannelLinkRepository;
  events: EventRepository;
  alerts: AlertRepository;
  outbox: OutboxRepository;
  hotline: HotlineRepository;
  guide: GuideRepository;
  guideSearches: GuideSearchRepository;
  announcements: AnnouncementRepository;
  goalStatus: GoalStatusRepository;
  /** Outbox, alert and import counts for the metrics and the self-check. */
  operations: OperationsReads;
  sampleCheck: SampleCheckReads;
  auditSample: AuditSampleReads;
  /** One instance at a time runs a timed job that is not per item (the daily retention run). */
  jobLeases: JobLeaseRepository;
};

/**
 * The repositories the capabilities use. Every method returns a promise (an engine may have to go over the network);
 * on SQLite it is settled as soon as the statement has run.
 */
export type Repositories = { readonly [K in keyof EngineRepositories]: Async<EngineRepositories[K]> } & {
  readonly audit: Async<AuditLog> & {
    /**
     * Writes the entry and resolves once it is committed (fsynced). Entries from turns running at the same time are
     * appended together, by one unit of work and one INSERT (grouped-audit-appends.ts), so durability costs one fsync
     * per batch, not per lookup. Callers show nothing until this resolves.
     */
    appendCommitted(entry: AuditEntry): Promise<void>;
  };
};

/** What a unit of work (and a delivery hook inside one) sees: the repositories, all writing in that unit's transaction. */
export type Tx = Repositories;

export type Store = Repositories & {
  /**
   * Runs `work` as one unit of work: everything it writes through `tx` commits together or not at all, and a
   * StoreBusy means nothing was written. The body awaits only `tx`: never the store itself, which would wait for the
   * unit (with the checks of data/store/unit-checks.ts on, it refuses with StoreUsedInsideUnit), and never the network
   * (render and send outside). `tx` is the unit's own: kept after the unit, it refuses with TxOutsideUnit.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in a transaction shared with the other units submitted in the same tick (one fsync for the batch,
   * each unit in its own savepoint, so one failing unit cannot take the others down). Settles after the commit;
   * StoreBusy rejects every unit of the batch, and nothing of it was written (data/store/group-commit.ts).
   */
  commitGrouped<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after each commit of a unit of work (or of a single write outside one) that wrote outbox rows or
   * scheduled announcement sends; never for a rolled-back one. Returns the unsubscribe.
   */
  onCommitted(listener: CommittedListener): () => void;
  /** Rows this store has inserted, updated or deleted since it was opened: a unit of work that left it unchanged wrote nothing. */
  writesSoFar(): number;
  schema: Async<SchemaReads>;
  retention: {
    /** The Copenhagen date of the last finished run, if any. */
    lastRunDay(): Promise<string | null>;
    /** What a run would delete now, without deleting anything. */
    plan(cutoffs: RetentionCutoffs): Promise<RetentionCounts>;
    /**
     * A whole run, batch by batch (each its own transaction; other work gets the connection in between). Stopped by
     * `keepGoing` between batches, it reports finished: false and is not recorded.
     */
    run(options: RetentionRunRequest): Promise<{ finished: boolean; deleted: RetentionCounts }>;
  };
  /** Imports the CSV files in `folder` (data/import/import-folder.ts), with the connection to itself until done. */
  importFolder(folder: string, options: ImportOptions): Promise<ImportReport>;
  /** A checked copy of the whole database at `targetPath` (data/store/backup-database.ts). */
  backup(targetPath: string): Promise<BackupResult>;
  /**
   * Runs several reads against one committed state (one read transaction), so an import switching in between
   * cannot show half of yesterday and half of today. `read` uses only `reads` and must not write.
   */
  readSnapshot<T>(read: (reads: Repositories) => Promise<T>): Promise<T>;
  /** Why the store cannot serve everything now (for /readyz), or null when it can. Never waits for a lock. */
  notReadyReason(): Promise<string | null>;
  /** Closes the connection once the units of work already waiting for it have run. */
  close(): Promise<void>;
};

export type RetentionRunRequest = Omit<RetentionRunOptions, 'sql'>;

/**
 * Each repository is made (its statements prepared) at first use, so a command can open an older database read-only
 * and ask `schema` which migrations it has before touching a table that may not exist yet.
 */
function madeAtFirstUse<T extends Record<string, () => object>>(makers: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const made = new Map<string, object>();
  const repositories = {};
  for (const [name, make] of Object.entries(makers)) {
    Object.defineProperty(repositories, name, {
      enumerable: true,
      get: () => made.get(name) ?? made.set(name, make()).get(name),
    });
  }
  return repositories as { readonly [K in keyof T]: ReturnType<T[K]> };
}

export function createStore(db: Db): Store {
  const committed = new CommitSignal(() => db.inTransaction);
  const sql = new SqliteSql(db, committed);
  const engine: EngineRepositories = madeAtFirstUse({
    employees: () => new EmployeeRepository(sql),
    units: () => new UnitRepository(sql),
    citizens: () => new CitizenRepository(sql),
    cases: () => new CaseRepository(sql),
    consents: () => new ConsentRepository(sql),
    sharedOverrides: () => new SharedCitizenOverrideRepository(sql),
    audit: () => new AuditLog(sql, async (options) => verifyAuditChain(db, options)),
    pendingActions: () => new PendingActionRepository(sql),
    greetedUsers: () => new GreetedUserRepository(sql),
    conversations: () => new ConversationRepository(sql),
    channelLinks: () => new ChannelLinkRepository(sql),
    events: () => new EventRepository(sql),
    alerts: () => new AlertRepository(sql),
    outbox: () => new OutboxRepository(sql, committed),
    hotline: () => new HotlineRepository(sql),
    guide: () => new GuideRepository(db),
    guideSearches: () => new GuideSearchRepository(sql),
    announcements: () => new AnnouncementRepository(sql, committed),
    goalStatus: () => new GoalStatusRepository(sql),
    operations: () => new OperationsReads(sql),
    sampleCheck: () => new SampleCheckReads(sql),
    auditSample: () => new AuditSampleReads(sql),
    jobLeases: () => new JobLeaseRepository(sql),
  });
  const units: SqliteUnits<Tx> = new SqliteUnits(db, committed, txFacades(engine));
  const appendGrouped = groupedAuditAppends((work) => units.transaction(work));
  // Both checked where they are called: their unit of work runs later, in the context of whoever submitted first.
  const appendCommitted = async (entry: AuditEntry) => {
    refuseInsideUnitOf(units);
    return appendGrouped(entry);
  };
  const repositories = asyncFacade(engine, (call) => units.outside(call), { audit: { appendCommitted } }) as Repositories;
  const groupCommit = new GroupCommit((works: readonly ((tx: Tx) => Promise<unknown>)[]) => units.commitBatch(works));
  const commitGrouped = async <T>(work: (tx: Tx) => Promise<T>) => {
    refuseInsideUnitOf(units);
    return groupCommit.submit(work) as Promise<T>;
  };
  const schemaReads = new SchemaReads(db);
  const schema = asyncFacade({ schema: schemaReads }, (call) => units.outside(call)).schema;
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const rest: Omit<Store, keyof Repositories> = {
    transaction: (work) => units.transaction(work),
    commitGrouped,
    onCommitted: (listener) => committed.onCommitted(listener),
    writesSoFar: () => totalChanges.get()!,
    schema,
    retention: {
      lastRunDay: () => units.outside(() => lastRetentionRunDay(sql)),
      plan: (cutoffs) => units.outside(() => planRetention(sql, cutoffs)),
      run: (request) => runRetentionBatches(new RetentionRun({ ...request, sql }), request.keepGoing ?? (() => true), (work) => units.exclusive(work)),
    },
    importFolder: (folder, options) => units.exclusive(() => importFolder(db, folder, options)),
    backup: (targetPath) => backupDatabase(db, targetPath),
    readSnapshot: (read) => units.snapshot(read),
    notReadyReason: async () => {
      if (!db.open) return 'database closed';
      if (!schemaReads.isCurrent()) return 'database schema is not current';
      if (writeLockHeldElsewhere(db)) return 'database write lock held by another process';
      return null;
    },
    close: () =>
      units.exclusive(() => {
        if (db.open) db.close();
      }),
  };
  const store = Object.assign(repositories, rest) as Store;
  driverHandles.set(store, db);
  return rememberRawSql(store, new SqliteSql(db));
}

/**
 * A unit of work's tx: the repositories, every call inside that unit. Its `audit.appendCommitted` is refused (a unit
 * of its own, it would wait for this one; `tx.audit.append` writes the row in the unit), as on PostgreSQL.
 */
function txFacades<T extends Record<string, object>>(engine: T): (invoke: Invoke) => Tx {
  const appendCommitted = function (this: object) {
    return invokeOf(this)(() => {
      throw new StoreUsedInsideUnit();
    });
  };
  return facadeFactory(engine, { audit: { appendCommitted } } as never) as unknown as (invoke: Invoke) => Tx;
}

const driverHandles = new WeakMap<Store, Db>();

/**
 * For tests only (raw SQL to arrange or inspect a state, the file's path): the SQLite handle under a store. The bot's
 * code never sees it (test/architecture/layers.test.ts); it goes through the repositories and store.transaction.
 */
export function rawDb(store: Store): Db {
  const db = driverHandles.get(store);
  if (!db) throw new Error('not a store made by createStore');
  return db;
}

export type OpenStoreOptions = {
  /** Opened read-only and never migrated; the file must exist. */
  readonly?: boolean;
  /**
   * 'bot' (the default): statements fail fast with SQLITE_BUSY while another process holds the write lock.
   * 'command': a command line or batch job, which may wait for it (BATCH_BUSY_TIMEOUT_MS).
   */
  waiting?: 'bot' | 'command';
};

/** Opens the store at `path`, applying pending migrations unless read-only. */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const busyTimeoutMs = options.waiting === 'command' ? BATCH_BUSY_TIMEOUT_MS : BOT_BUSY_TIMEOUT_MS;
  return createStore(openDatabase(path, { busyTimeoutMs, ...(options.readonly ? { readonly: true } : {}) }));
}
