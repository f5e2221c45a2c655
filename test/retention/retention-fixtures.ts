import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PgQueryable } from '../../data/postgres/driver/pg-pool.js';
import { openDatabase, type Db } from '../../data/store/open-database.js';
import type { Store } from '../../data/store/store.js';
import { copySqliteRows } from '../support/copy-sqlite-rows.js';
import { rawSql } from '../support/raw-sql.js';
import { SqliteAuditLog } from '../support/sqlite-audit-log.js';
import { openWorldDatabase, type WorldDatabase } from '../support/world-database.js';

/** 10:00 UTC on 26 November 2026, a Thursday. */
export const NOW = new Date('2026-11-26T10:00:00Z');
/** With 12 months: a case that ended before 2025-11-26 is due; with 6 months, audit rows before 2026-05-26 00:00 Copenhagen. */
export const PERIODS = { citizenMonths: 12, auditMonths: 6 };
export const AUDIT_CUTOFF = '2026-05-25T22:00:00.000Z';

/** Case ended the day before the cut-off: due. */
export const ENDED_BEFORE = '0101801111';
/** Case ended on the cut-off date: kept one more day. */
export const ENDED_ON_CUTOFF = '0101802222';
/** An old closed case and an open one: kept. */
export const STILL_OPEN = '0101803333';
/** No case, last recorded long ago: due. */
export const NO_CASE_OLD = '0101804444';
/** No case, recorded recently: kept. */
export const NO_CASE_RECENT = '0101805555';

export const TABLES_ABOUT_CITIZENS = ['citizen_versions', 'case_versions', 'consent_versions', 'shared_citizen_overrides', 'events', 'action_plan_versions', 'activation_versions'];

const version = (validFrom: string, validTo: string | null, recordedAt: string) => ({ source_from: validFrom, source_to: validTo, valid_from: validFrom, valid_to: validTo, recorded_at: recordedAt });

/** Everything a citizen can have: versions, a case, consent, marking, event with alert and outbox row, plan, activation. */
export function addCitizen(db: Db, cpr: string, cases: { from: string; to: string | null }[], recordedAt = '2024-01-10T08:00:00.000Z'): void {
  const v = version('2024-01-01', null, recordedAt);
  db.prepare('INSERT INTO citizen_versions (cpr, name, source_from, source_to, valid_from, valid_to, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(cpr, `Borger ${cpr.slice(-4)}`, v.source_from, v.source_to, v.valid_from, v.valid_to, v.recorded_at);
  for (const [i, kase] of cases.entries()) {
    const c = version(kase.from, kase.to, recordedAt);
    db.prepare(
      "INSERT INTO case_versions (cpr, administration, unit_id, caseworker_id, source_from, source_to, valid_from, valid_to, recorded_at) VALUES (?, ?, 'U-1', NULL, ?, ?, ?, ?, ?)",
    ).run(cpr, i % 2 === 0 ? 'BIF' : 'SOF', c.source_from, c.source_to, c.valid_from, c.valid_to, c.recorded_at);
  }
  db.prepare(
    "INSERT INTO consent_versions (cpr, purpose, source, administrations, source_from, valid_from, recorded_at) VALUES (?, 'bif_sof_sharing', 'import', 'BIF,SOF', '2024-01-01', '2024-01-01', ?)",
  ).run(cpr, recordedAt);
  db.prepare("INSERT INTO shared_citizen_overrides (cpr, shared, reason, by_employee_id, valid_from, recorded_at) VALUES (?, 1, 'fælles', 'E-1', '2024-01-01', ?)").run(cpr, recordedAt);
  const webhookId = `wh-${cpr}`;
  db.prepare("INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data) VALUES (?, 'case.opened', ?, ?, ?, '2024-01-02', ?)").run(webhookId, recordedAt, recordedAt, cpr, JSON.stringify({ cpr }));
  const alertId = db.prepare("INSERT INTO alerts (webhook_id, route_reason, created_at) VALUES (?, 'shared', ?)").run(webhookId, recordedAt).lastInsertRowid;
  const post = db
    .prepare("INSERT INTO outbox (dedupe_key, operation, conversation_id, message, alert_id, purpose, next_attempt_at, created_at) VALUES (?, 'post', 'c-1', ?, ?, 'alert', ?, ?)")
    .run(`alert-${cpr}`, JSON.stringify({ text: cpr }), alertId, recordedAt, recordedAt).lastInsertRowid;
  db.prepare("INSERT INTO outbox (dedupe_key, operation, conversation_id, thread_of, target_of, message, alert_id, purpose, next_attempt_at, created_at) VALUES (?, 'update', 'c-1', ?, ?, '{}', ?, 'alert', ?, ?)").run(
    `alert-update-${cpr}`,
    post,
    post,
    alertId,
    recordedAt,
    recordedAt,
  );
  db.prepare("INSERT INTO action_plan_versions (cpr, outcome, source_from, valid_from, valid_to, recorded_at) VALUES (?, 'accepted', '2024-02-01', '2024-02-01', '2024-02-01', ?)").run(cpr, recordedAt);
  db.prepare("INSERT INTO activation_versions (cpr, type, source_from, valid_from, valid_to, recorded_at) VALUES (?, 'praktik', '2024-03-01', '2024-03-01', '2024-03-31', ?)").run(cpr, recordedAt);
}

/** The five citizens above, and audit rows on both sides of the audit cut-off (some about the due citizen). */
export function seedRetentionWorld(db: Db): SqliteAuditLog {
  addCitizen(db, ENDED_BEFORE, [{ from: '2024-01-01', to: '2025-11-25' }]);
  addCitizen(db, ENDED_ON_CUTOFF, [{ from: '2024-01-01', to: '2025-11-26' }]);
  addCitizen(db, STILL_OPEN, [
    { from: '2019-01-01', to: '2020-06-30' },
    { from: '2024-01-01', to: null },
  ]);
  addCitizen(db, NO_CASE_OLD, [], '2025-01-01T08:00:00.000Z');
  addCitizen(db, NO_CASE_RECENT, [], '2026-01-01T08:00:00.000Z');
  const audit = new SqliteAuditLog(db);
  const lookup = (at: string, cpr: string) =>
    audit.append({ at: new Date(at), action: 'lookup', purpose: 'koordinering', result: 'shown', actorEmployeeId: 'E-ANNA', actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: cpr, asOf: at.slice(0, 10) });
  lookup('2025-01-05T09:00:00.000Z', ENDED_BEFORE);
  lookup('2026-03-01T09:00:00.000Z', ENDED_ON_CUTOFF);
  lookup('2026-05-25T21:59:59.999Z', STILL_OPEN);
  lookup('2026-05-25T22:00:00.000Z', STILL_OPEN);
  lookup('2026-06-01T09:00:00.000Z', ENDED_BEFORE);
  return audit;
}

/** Rows per table in the citizen tables, alerts, outbox and the audit log. */
export function rowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(
    [...TABLES_ABOUT_CITIZENS, 'alerts', 'outbox', 'audit_log', 'audit_chain_anchor', 'retention_runs'].map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]),
  );
}

/** The fixture's tables in an order that satisfies PostgreSQL's foreign keys (the migrations seed the rest). */
export const FIXTURE_TABLES = [...TABLES_ABOUT_CITIZENS, 'alerts', 'outbox', 'audit_log'] as const;

/** A SQLite file (migrated) holding the retention world, in a temp folder of its own. */
export function seededRetentionFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'brobygger-retention-')), 'retention.sqlite');
  const db = openDatabase(path);
  seedRetentionWorld(db);
  db.close();
  return path;
}

/** Copies the retention world's rows, row ids and audit hashes as they are, from a SQLite database to PostgreSQL. */
export async function copyRetentionWorld(from: Db, to: PgQueryable): Promise<void> {
  for (const table of FIXTURE_TABLES) {
    const sqliteColumns = (from.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((row) => row.name);
    const pgColumns = new Set((await to.query<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table', { table })).map((row) => row.name));
    await copySqliteRows(from, to, table, sqliteColumns.filter((column) => pgColumns.has(column)));
  }
}

/**
 * The retention world on the engine under test (test/support/world.ts): a SQLite file, or a PostgreSQL database of
 * its own with the same rows. `open()` again for another instance on the same database.
 */
export function retentionWorldDatabase(): Promise<WorldDatabase> {
  return openWorldDatabase({ key: 'retention-fixtures', sqliteFile: async () => seededRetentionFile(), fill: fillRetentionWorld });
}

async function fillRetentionWorld(store: Store): Promise<void> {
  const path = seededRetentionFile();
  const db = openDatabase(path, { readonly: true });
  try {
    const sql = rawSql(store);
    await copyRetentionWorld(db, { query: (text, params) => sql.all(text, params), run: (text, params) => sql.run(text, params) });
  } finally {
    db.close();
    rmSync(dirname(path), { recursive: true, force: true });
  }
}
