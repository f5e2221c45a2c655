import { openPgPool } from '../../../data/postgres/driver/pg-pool.js';
import { transaction } from '../../../data/postgres/driver/pg-transaction.js';
import { migratePostgres } from '../../../data/postgres/migrate.js';
import { PgSql } from '../../../data/postgres/pg-sql.js';
import { AlertRepository } from '../../../data/repositories/alerts.js';
import { AnnouncementRepository } from '../../../data/repositories/announcements.js';
import { CaseRepository } from '../../../data/repositories/cases.js';
import { ChannelLinkRepository } from '../../../data/repositories/channel-links.js';
import { CitizenRepository } from '../../../data/repositories/citizens.js';
import { ConsentRepository } from '../../../data/repositories/consents.js';
import { ConversationRepository } from '../../../data/repositories/conversations.js';
import { EmployeeRepository } from '../../../data/repositories/employees.js';
import { EventRepository } from '../../../data/repositories/events.js';
import { GoalStatusRepository } from '../../../data/repositories/goal-status.js';
import { GreetedUserRepository } from '../../../data/repositories/greeted-users.js';
import { GuideSearchRepository } from '../../../data/repositories/guide-searches.js';
import { HotlineRepository } from '../../../data/repositories/hotline.js';
import { OperationsReads } from '../../../data/repositories/operations.js';
import { OutboxRepository } from '../../../data/repositories/outbox.js';
import { PendingActionRepository } from '../../../data/repositories/pending-actions.js';
import { SampleCheckReads } from '../../../data/repositories/sample-check-reads.js';
import { SharedCitizenOverrideRepository } from '../../../data/repositories/shared-citizen-overrides.js';
import { UnitRepository } from '../../../data/repositories/units.js';
import type { Sql } from '../../../data/sql/sql.js';
import { SqliteSql } from '../../../data/sqlite/sqlite-sql.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { createStore, type Repositories } from '../../../data/store/store.js';
import { enginesUnderTest, type EngineUnderTest, type PostgresEngine } from '../engines.js';
import { scratchDatabase } from '../../support/postgres-scratch-database.js';

/** The repositories written once for both engines (data/sql/sql.ts), as the capabilities see them. */
export type Converted = Pick<Repositories, 'announcements' | 'greetedUsers' | 'channelLinks' | 'citizens' | 'cases' | 'conversations' | 'goalStatus' | 'events' | 'pendingActions' | 'consents' | 'sampleCheck' | 'units' | 'employees' | 'sharedOverrides' | 'hotline' | 'alerts' | 'guideSearches' | 'outbox' | 'operations'>;

export type ContractEngine = {
  readonly label: string;
  /** Statements to arrange and inspect rows: the same SQL text on both engines. */
  readonly sql: Sql;
  /** Outside any unit of work: each call on its own (an `atomic` one in a transaction of its own). */
  readonly repositories: Converted;
  /** One unit of work: everything written through `tx` commits together or not at all. */
  transaction<T>(work: (tx: Converted) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** Every engine under test, each opened once for the test file (rows are append-only: tests use keys of their own). */
export function contractEngines(): { readonly kind: EngineUnderTest['kind']; readonly label: string; open: () => Promise<ContractEngine> }[] {
  return enginesUnderTest().map((engine: EngineUnderTest) => ({
    kind: engine.kind,
    label: engine.label,
    open: () => (engine.kind === 'sqlite' ? openSqlite(engine.label) : openPostgres(engine)),
  }));
}

/** SQLite through the real store (createStore): its facade, its connection lock and its units of work. */
async function openSqlite(label: string): Promise<ContractEngine> {
  const db = openDatabase(':memory:');
  const store = createStore(db);
  return { label, sql: new SqliteSql(db), repositories: store, transaction: (work) => store.transaction(work), close: () => store.close() };
}

function convertedOver(sql: Sql): Converted {
  return {
    // Nobody listens for commits here: the store's commit listeners are tested on the real store.
    announcements: new AnnouncementRepository(sql, { wrote: () => {} }),
    greetedUsers: new GreetedUserRepository(sql),
    channelLinks: new ChannelLinkRepository(sql),
    citizens: new CitizenRepository(sql),
    cases: new CaseRepository(sql),
    conversations: new ConversationRepository(sql),
    goalStatus: new GoalStatusRepository(sql),
    events: new EventRepository(sql),
    pendingActions: new PendingActionRepository(sql),
    consents: new ConsentRepository(sql),
    sampleCheck: new SampleCheckReads(sql),
    units: new UnitRepository(sql),
    employees: new EmployeeRepository(sql),
    sharedOverrides: new SharedCitizenOverrideRepository(sql),
    hotline: new HotlineRepository(sql),
    alerts: new AlertRepository(sql),
    guideSearches: new GuideSearchRepository(sql),
    // Nobody listens for commits here: the store's commit listeners are tested on the real store.
    outbox: new OutboxRepository(sql, { wrote: () => {} }),
    operations: new OperationsReads(sql),
  };
}

/**
 * PostgreSQL: a database of its own (C collation, as SQLite's BINARY order), migrated with the baseline, dropped at
 * close. The repositories over the pool; a unit of work is a SERIALIZABLE transaction with them over its client.
 */
async function openPostgres(engine: PostgresEngine): Promise<ContractEngine> {
  const scratch = await scratchDatabase(engine.url, 'brobygger_contract');
  const pool = openPgPool({ url: scratch.url, maxClients: 4, onIdleClientError: (error) => { throw error; } });
  const migrator = await pool.connect();
  await migratePostgres(migrator).finally(() => migrator.release());
  const sql = PgSql.overPool(pool);
  return {
    label: engine.label,
    sql,
    repositories: convertedOver(sql),
    transaction: (work) => transaction(pool, (tx) => work(convertedOver(PgSql.inTransaction(tx)))),
    close: async () => {
      await pool.end();
      await scratch.drop();
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection, got ${outcome === undefined ? 'a resolution' : String(outcome)}`);
  return outcome;
}
