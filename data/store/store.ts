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
import { openDatabase, schemaIsCurrent, type Db } from './open-database.js';
import { writeLockHeldElsewhere } from './write-lock-probe.js';

/**
 * The bot's statements wait at most this long (blocking the event loop) for another process's write lock; longer
 * waits are asynchronous retries of the whole unit of work (retry-while-busy.ts).
 */
export const BOT_BUSY_TIMEOUT_MS = 20;

/** The repositories the capabilities use, each with its statements prepared once. */
export type Store = {
  db: Db;
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
  /**
   * Runs several reads against one committed state (one read transaction), so an import switching in between
   * cannot show half of yesterday and half of today. `read` must be synchronous and must not write.
   */
  readSnapshot<T>(read: () => T): T;
  /** Why the store cannot serve everything now (for /readyz), or null when it can. Never blocks. */
  notReadyReason(): string | null;
  close(): void;
};

export function createStore(db: Db): Store {
  return {
    db,
    employees: new EmployeeRepository(db),
    units: new UnitRepository(db),
    citizens: new CitizenRepository(db),
    cases: new CaseRepository(db),
    consents: new ConsentRepository(db),
    sharedOverrides: new SharedCitizenOverrideRepository(db),
    audit: new AuditLog(db),
    pendingActions: new PendingActionRepository(db),
    greetedUsers: new GreetedUserRepository(db),
    conversations: new ConversationRepository(db),
    channelLinks: new ChannelLinkRepository(db),
    events: new EventRepository(db),
    alerts: new AlertRepository(db),
    outbox: new OutboxRepository(db),
    hotline: new HotlineRepository(db),
    guide: new GuideRepository(db),
    guideSearches: new GuideSearchRepository(db),
    announcements: new AnnouncementRepository(db),
    goalStatus: new GoalStatusRepository(db),
    readSnapshot: (read) => (db.inTransaction ? read() : db.transaction(read).deferred()),
    notReadyReason: () => {
      if (!db.open) return 'database closed';
      if (!schemaIsCurrent(db)) return 'database schema is not current';
      if (writeLockHeldElsewhere(db)) return 'database write lock held by another process';
      return null;
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** The bot's store: statements fail fast with SQLITE_BUSY while another process holds the write lock. */
export function openStore(path: string): Store {
  return createStore(openDatabase(path, { busyTimeoutMs: BOT_BUSY_TIMEOUT_MS }));
}
