import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../data/repositories/verify-audit-chain.js';
import { retentionCutoffs, monthsBefore } from '../../data/retention/retention-cutoffs.js';
import { planRetention, RetentionRun } from '../../data/retention/retention-run.js';
import { openDatabase, type Db } from '../../data/store/open-database.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import {
  AUDIT_CUTOFF,
  cprsIn,
  ENDED_BEFORE,
  ENDED_ON_CUTOFF,
  NO_CASE_OLD,
  NO_CASE_RECENT,
  NOW,
  PERIODS,
  rowCounts,
  seedRetentionWorld,
  STILL_OPEN,
  TABLES_ABOUT_CITIZENS,
} from './retention-fixtures.js';
import { SqliteAuditLog } from '../support/sqlite-audit-log.js';
import { SqliteSql } from '../../data/sqlite/sqlite-sql.js';

afterEach(removeTempFolders);

const cutoffs = retentionCutoffs(NOW, PERIODS);
const run = (db: Db, _audit: SqliteAuditLog, batches: { citizenBatch?: number; auditBatch?: number } = {}) =>
  new RetentionRun({ sql: new SqliteSql(db), cutoffs, trigger: 'command', clock: () => NOW, ...batches }).runToEnd();

/** What a run deletes from the world in retention-fixtures.ts: two citizens with all their rows, three audit rows. */
const DUE = { citizens: 2, citizenVersions: 2, caseVersions: 1, consentVersions: 2, markings: 2, events: 2, alerts: 2, outbox: 4, actionPlans: 2, activations: 2, auditRows: 3 };

describe('retention: cut-offs', () => {
  it('months back by the calendar; a day the month lacks becomes its last day', () => {
    expect(monthsBefore('2026-11-26', 12)).toBe('2025-11-26');
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2028-05-31', 3)).toBe('2028-02-29');
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
    expect(cutoffs).toEqual({ today: '2026-11-26', citizenEndedBefore: '2025-11-26', auditBefore: AUDIT_CUTOFF });
  });
});

describe('retention: what is due, and nothing else', () => {
  it('the dry run counts exactly what is due and changes nothing (it reads through a read-only connection)', async () => {
    const path = join(tempFolder(), 'dry-run.sqlite');
    const writer = openDatabase(path);
    seedRetentionWorld(writer);
    const before = rowCounts(writer);
    writer.close();
    const reader = openDatabase(path, { readonly: true });
    expect(await planRetention(new SqliteSql(reader), cutoffs)).toEqual(DUE);
    expect(await planRetention(new SqliteSql(reader), cutoffs)).toEqual(DUE);
    reader.close();
    const after = openDatabase(path);
    expect(rowCounts(after)).toEqual(before);
    after.close();
  });

  it('deletes the citizens past retention with all their rows, keeps the rest, and the boundary dates', async () => {
    const db = openDatabase(':memory:');
    const audit = seedRetentionWorld(db);
    const before = rowCounts(db);
    expect(await run(db, audit)).toEqual(DUE);
    for (const table of TABLES_ABOUT_CITIZENS) {
      expect(cprsIn(db, table), table).toEqual(table === 'case_versions' ? [ENDED_ON_CUTOFF, STILL_OPEN] : [ENDED_ON_CUTOFF, STILL_OPEN, NO_CASE_RECENT]);
    }
    expect(db.prepare('SELECT count(*) FROM alerts').pluck().get()).toBe(3);
    expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(6);
    expect(db.prepare("SELECT count(*) FROM outbox WHERE message LIKE ?").pluck().get(`%${ENDED_BEFORE}%`)).toBe(0);
    // Audit rows about a deleted citizen stay until audit retention; the rows before the cut-off went (to the millisecond).
    const kept = db.prepare("SELECT at, citizen_cpr FROM audit_log WHERE action = 'lookup' ORDER BY id").all();
    expect(kept).toEqual([
      { at: '2026-05-25T22:00:00.000Z', citizen_cpr: STILL_OPEN },
      { at: '2026-06-01T09:00:00.000Z', citizen_cpr: ENDED_BEFORE },
    ]);
    expect(db.prepare('SELECT count(*) FROM retention_due_citizens').pluck().get()).toBe(0);
    expect(before.citizen_versions! - rowCounts(db).citizen_versions!).toBe(2);
  });

  it('a second run the same day finds nothing more', async () => {
    const db = openDatabase(':memory:');
    const audit = seedRetentionWorld(db);
    await run(db, audit);
    const second = await run(db, audit);
    expect(Object.values(second).every((count) => count === 0)).toBe(true);
  });
});

describe('retention: the audit chain and the append-only triggers', () => {
  it('the chain still verifies, from a retention anchor holding the last deleted row and its hash', async () => {
    const db = openDatabase(':memory:');
    const audit = seedRetentionWorld(db);
    const lastDeleted = db.prepare('SELECT id, row_hash FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1').get(AUDIT_CUTOFF) as { id: number; row_hash: string };
    await run(db, audit);
    const verification = verifyAuditChain(db);
    expect(verification.firstBreak).toBeNull();
    expect(verification.missingTriggers).toEqual([]);
    expect(verification.anchor).toEqual({ lastId: lastDeleted.id, hash: lastDeleted.row_hash });
    expect(db.prepare("SELECT deleted_rows FROM audit_chain_anchor WHERE reason = 'retention'").pluck().all()).toEqual([3]);
  });

  it('one row and one citizen per transaction: every batch consistent, the chain verifies, the same rows go', async () => {
    const db = openDatabase(':memory:');
    const audit = seedRetentionWorld(db);
    expect(await run(db, audit, { citizenBatch: 1, auditBatch: 1 })).toEqual(DUE);
    expect(verifyAuditChain(db).firstBreak).toBeNull();
    expect(db.prepare("SELECT count(*) FROM audit_chain_anchor WHERE reason = 'retention'").pluck().get()).toBe(3);
  });

  it('the deletion is audited per batch with counts and cut-offs, never a CPR number', async () => {
    const db = openDatabase(':memory:');
    const audit = seedRetentionWorld(db);
    await run(db, audit);
    const rows = db.prepare("SELECT citizen_cpr, detail FROM audit_log WHERE action = 'retention' ORDER BY id").all() as { citizen_cpr: string | null; detail: string }[];
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.citizen_cpr === null && !/\d{10}/.test(row.detail))).toBe(true);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ deleted: { citizens: 2, caseVersions: 1, auditRows: 0 }, citizenEndedBefore: '2025-11-26', trigger: 'command' });
    expect(JSON.parse(rows[1]!.detail)).toMatchObject({ deleted: { citizens: 0, auditRows: 3 }, auditBefore: AUDIT_CUTOFF });
  });

  it('every other delete is still refused: a kept citizen, a listed citizen outside a run, an uncovered audit row, a forged anchor', async () => {
    const db = openDatabase(':memory:');
    const audit = seedRetentionWorld(db);
    await run(db, audit);
    for (const table of TABLES_ABOUT_CITIZENS) expect(() => db.prepare(`DELETE FROM ${table} WHERE cpr = ?`).run(STILL_OPEN), table).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE cpr IS NULL OR cpr = ?').run(NO_CASE_RECENT)).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    const newest = db.prepare('SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; row_hash: string };
    const forge = (hash: string, rows: number) =>
      db.prepare("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (?, ?, ?, '2026-11-26T10:00:00Z', 'retention')").run(newest.id, hash, rows);
    const rowsUpTo = db.prepare('SELECT count(*) FROM audit_log WHERE id <= ?').pluck().get(newest.id) as number;
    expect(() => forge('f'.repeat(64), rowsUpTo)).toThrow(/retention anchor names the last row/);
    expect(() => forge(newest.row_hash, rowsUpTo + 1)).toThrow(/retention anchor names the last row/);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(rowsUpTo);
    expect(verifyAuditChain(db).firstBreak).toBeNull();
  });
});

describe('retention: deleted data is gone from the file', () => {
  it('after the run (secure_delete, WAL checkpointed) neither the database file nor its WAL holds the deleted CPR', async () => {
    const path = join(tempFolder(), 'retention.sqlite');
    const db = openDatabase(path);
    const audit = seedRetentionWorld(db);
    // The due citizen's later lookup falls under audit retention too, so no row anywhere keeps the number.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileHolds = (cpr: string) => [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(cpr)));
    expect(fileHolds(NO_CASE_OLD)).toBe(true);
    expect(fileHolds(ENDED_BEFORE)).toBe(true);
    await run(db, audit);
    db.close();
    expect(fileHolds(NO_CASE_OLD)).toBe(false);
    expect(fileHolds(STILL_OPEN)).toBe(true);
    // ENDED_BEFORE stays in the one audit row inside audit retention (2026-06-01), as the rules require.
    expect(fileHolds(ENDED_BEFORE)).toBe(true);
  });
});
