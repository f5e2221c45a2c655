import { AlertRepository } from '../repositories/alerts.js';
import { AnnouncementRepository } from '../repositories/announcements.js';
import { AuditLog } from '../repositories/audit-log.js';
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
import { importFolder, type ImportOptions, type ImportReport } from '../import/import-folder.js';
import { lastRetentionRunDay, planRetention, RetentionRun, type RetentionCounts, type RetentionRunOptions } from '../retention/retention-run.js';
import type { RetentionCutoffs } from '../retention/retention-cutoffs.js';
import { backupDatabase, type BackupResult } from './backup-database.js';
import { CommitSignal, type CommittedListener } from './commit-signal.js';
import { GroupCommit } from './group-commit.js';
import { BATCH_BUSY_TIMEOUT_MS, openDatabase, type Db } from './open-database.js';
import { SchemaReads } from './schema-reads.js';
import { writeLockHeldElsewhere } from './write-lock-probe.js';

/**
 * The bot's statements wait at most this long (blocking the event loop) for another process's write lock; longer
 * waits are asynchronous retries of the whole unit of work (retry-while-busy.ts).
 */
export const BOT_BUSY_TIMEOUT_MS = 20;

/** The repositories the capabilities use, each with its statements prepared once. */
export type Repositories = {
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
};

/** What a unit of work (and a delivery hook inside one) sees: the repositories, all writing in that unit's transaction. */
export type Tx = Repositories;

export type Store = Repositories & {
  /**
   * Runs `work` as one unit of work: everything it writes through `tx` commits together or not at all, and a
   * StoreBusy means nothing was written. Used inside another unit of work it joins that one (a savepoint).
   * Synchronous for now because SQLite's driver is; the asynchronous store (issue 15, A4) changes only the types
   * (`work` returns a promise, and so does this), so bodies already use `tx` and never the store itself.
   */
  transaction<T>(work: (tx: Tx) => T): T;
  /**
   * Runs `work` in a transaction shared with the other units submitted in the same tick (one fsync for the batch,
   * each unit in its own savepoint, so one failing unit cannot take the others down). Settles after the commit;
   * StoreBusy rejects every unit of the batch, and nothing of it was written (data/store/group-commit.ts).
   */
  commitGrouped<T>(work: (tx: Tx) => T): Promise<T>;
  /**
   * Calls `listener` after each commit of a unit of work (or of a single write outside one) that wrote outbox rows or
   * scheduled announcement sends; never for a rolled-back one. Returns the unsubscribe.
   */
  onCommitted(listener: CommittedListener): () => void;
  /** Rows this store has inserted, updated or deleted since it was opened: a unit of work that left it unchanged wrote nothing. */
  writesSoFar(): number;
  schema: SchemaReads;
  retention: {
    /** The Copenhagen date of the last finished run, if any. */
    lastRunDay(): string | null;
    /** What a run would delete now, without deleting anything. */
    plan(cutoffs: RetentionCutoffs): RetentionCounts;
    /** A run on this store's connection, started by runToEnd() or runYielding(). */
    start(options: Omit<RetentionRunOptions, 'db' | 'audit'>): RetentionRun;
  };
  /** Imports the CSV files in `folder` (data/import/import-folder.ts). */
  importFolder(folder: string, options: ImportOptions): Promise<ImportReport>;
  /** A checked copy of the whole database at `targetPath` (data/store/backup-database.ts). */
  backup(targetPath: string): Promise<BackupResult>;
  /**
   * Runs several reads against one committed state (one read transaction), so an import switching in between
   * cannot show half of yesterday and half of today. `read` must be synchronous and must not write.
   */
  readSnapshot<T>(read: () => T): T;
  /** Why the store cannot serve everything now (for /readyz), or null when it can. Never blocks. */
  notReadyReason(): string | null;
  close(): void;
};

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
  const repositories = madeAtFirstUse({
    employees: () => new EmployeeRepository(db),
    units: () => new UnitRepository(db),
    citizens: () => new CitizenRepository(db),
    cases: () => new CaseRepository(db),
    consents: () => new ConsentRepository(db),
    sharedOverrides: () => new SharedCitizenOverrideRepository(db),
    audit: () => new AuditLog(db),
    pendingActions: () => new PendingActionRepository(db),
    greetedUsers: () => new GreetedUserRepository(db),
    conversations: () => new ConversationRepository(db),
    channelLinks: () => new ChannelLinkRepository(db),
    events: () => new EventRepository(db),
    alerts: () => new AlertRepository(db),
    outbox: () => new OutboxRepository(db, committed),
    hotline: () => new HotlineRepository(db),
    guide: () => new GuideRepository(db),
    guideSearches: () => new GuideSearchRepository(db),
    announcements: () => new AnnouncementRepository(db, committed),
    goalStatus: () => new GoalStatusRepository(db),
    operations: () => new OperationsReads(db),
    sampleCheck: () => new SampleCheckReads(db),
    auditSample: () => new AuditSampleReads(db),
  });
  const schema = new SchemaReads(db);
  const tx: Tx = repositories;
  const groupCommit = new GroupCommit(db, (work: (tx: Tx) => unknown) => work(tx), (run) => committed.unit(run));
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const rest: Omit<Store, keyof typeof repositories> = {
    transaction: (work) => committed.unit(() => db.transaction(() => work(tx))()),
    commitGrouped: <T>(work: (tx: Tx) => T) => groupCommit.submit(work) as Promise<T>,
    onCommitted: (listener) => committed.onCommitted(listener),
    writesSoFar: () => totalChanges.get()!,
    schema,
    retention: {
      lastRunDay: () => lastRetentionRunDay(db),
      plan: (cutoffs: RetentionCutoffs) => planRetention(db, cutoffs),
      start: (options: Omit<RetentionRunOptions, 'db' | 'audit'>) => new RetentionRun({ ...options, db, audit: repositories.audit }),
    },
    importFolder: (folder: string, options: ImportOptions) => importFolder(db, folder, options),
    backup: (targetPath: string) => backupDatabase(db, targetPath),
    readSnapshot: (read) => (db.inTransaction ? read() : db.transaction(read).deferred()),
    notReadyReason: () => {
      if (!db.open) return 'database closed';
      if (!schema.isCurrent()) return 'database schema is not current';
      if (writeLockHeldElsewhere(db)) return 'database write lock held by another process';
      return null;
    },
    close: () => {
      if (db.open) db.close();
    },
  };
  const store = Object.assign(repositories, rest);
  driverHandles.set(store, db);
  return store;
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
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const busyTimeoutMs = options.waiting === 'command' ? BATCH_BUSY_TIMEOUT_MS : BOT_BUSY_TIMEOUT_MS;
  return createStore(openDatabase(path, { busyTimeoutMs, ...(options.readonly ? { readonly: true } : {}) }));
}
