import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { retentionCutoffs, monthsBefore } from '../../data/retention/retention-cutoffs.js';
import { planRetention, RetentionRun } from '../../data/retention/retention-run.js';
import { openDatabase } from '../../data/store/open-database.js';
import type { Store } from '../../data/store/store.js';
import { rawSql, sqlColumn, sqlRows, sqlValue } from '../support/raw-sql.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import {
  AUDIT_CUTOFF,
  ENDED_BEFORE,
  ENDED_ON_CUTOFF,
  NO_CASE_OLD,
  NO_CASE_RECENT,
  NOW,
  PERIODS,
  retentionWorldDatabase,
  rowCounts,
  seedRetentionWorld,
  STILL_OPEN,
  TABLES_ABOUT_CITIZENS,
} from './retention-fixtures.js';
import { SqliteSql } from '../../data/sqlite/sqlite-sql.js';

afterEach(removeTempFolders);

const cutoffs = retentionCutoffs(NOW, PERIODS);
/** A run over the store's statements, as store.retention.run makes it (with batch sizes of the test's choosing). */
const run = (store: Store, batches: { citizenBatch?: number; auditBatch?: number } = {}) =>
  new RetentionRun({ sql: rawSql(store), cutoffs, trigger: 'command', clock: () => NOW, ...batches }).runToEnd();

/** The retention fixture (retention-fixtures.ts) on the engine under test. */
const seededStore = async () => (await retentionWorldDatabase()).open();
const count = (store: Store, table: string) => sqlValue<number>(store, `SELECT count(*) FROM ${table}`);
const cprsIn = (store: Store, table: string) => sqlColumn<string>(store, `SELECT DISTINCT cpr FROM ${table} WHERE cpr IS NOT NULL ORDER BY cpr`);

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
  it('the dry run counts exactly what is due and changes nothing (SQLite: it reads through a read-only connection)', async () => {
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
    const store = await seededStore();
    const citizenVersions = await count(store, 'citizen_versions');
    expect(await run(store)).toEqual(DUE);
    for (const table of TABLES_ABOUT_CITIZENS) {
      expect(await cprsIn(store, table), table).toEqual(table === 'case_versions' ? [ENDED_ON_CUTOFF, STILL_OPEN] : [ENDED_ON_CUTOFF, STILL_OPEN, NO_CASE_RECENT]);
    }
    expect(await count(store, 'alerts')).toBe(3);
    expect(await count(store, 'outbox')).toBe(6);
    expect(await sqlValue(store, 'SELECT count(*) FROM outbox WHERE message LIKE @pattern', { pattern: `%${ENDED_BEFORE}%` })).toBe(0);
    // Audit rows about a deleted citizen stay until audit retention; the rows before the cut-off went (to the millisecond).
    const kept = await sqlRows(store, "SELECT at, citizen_cpr FROM audit_log WHERE action = 'lookup' ORDER BY id");
    expect(kept).toEqual([
      { at: '2026-05-25T22:00:00.000Z', citizen_cpr: STILL_OPEN },
      { at: '2026-06-01T09:00:00.000Z', citizen_cpr: ENDED_BEFORE },
    ]);
    expect(await count(store, 'retention_due_citizens')).toBe(0);
    expect(citizenVersions - (await count(store, 'citizen_versions'))).toBe(2);
  });

  it('a second run the same day finds nothing more', async () => {
    const store = await seededStore();
    await run(store);
    const second = await run(store);
    expect(Object.values(second).every((count) => count === 0)).toBe(true);
  });
});

describe('retention: the audit chain and the append-only triggers', () => {
  it('the chain still verifies, from a retention anchor holding the last deleted row and its hash', async () => {
    const store = await seededStore();
    const lastDeleted = (await sqlRows<{ id: number; row_hash: string }>(store, 'SELECT id, row_hash FROM audit_log WHERE at < @cutoff ORDER BY id DESC LIMIT 1', { cutoff: AUDIT_CUTOFF }))[0]!;
    await run(store);
    const verification = await store.audit.verifyChain();
    expect(verification.firstBreak).toBeNull();
    expect(verification.missingTriggers).toEqual([]);
    expect(verification.anchor).toEqual({ lastId: lastDeleted.id, hash: lastDeleted.row_hash });
    expect(await sqlColumn(store, "SELECT deleted_rows FROM audit_chain_anchor WHERE reason = 'retention'")).toEqual([3]);
  });

  it('one row and one citizen per transaction: every batch consistent, the chain verifies, the same rows go', async () => {
    const store = await seededStore();
    expect(await run(store, { citizenBatch: 1, auditBatch: 1 })).toEqual(DUE);
    expect((await store.audit.verifyChain()).firstBreak).toBeNull();
    expect(await sqlValue(store, "SELECT count(*) FROM audit_chain_anchor WHERE reason = 'retention'")).toBe(3);
  });

  it('the deletion is audited per batch with counts and cut-offs, never a CPR number', async () => {
    const store = await seededStore();
    await run(store);
    const rows = await sqlRows<{ citizen_cpr: string | null; detail: string }>(store, "SELECT citizen_cpr, detail FROM audit_log WHERE action = 'retention' ORDER BY id");
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.citizen_cpr === null && !/\d{10}/.test(row.detail))).toBe(true);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ deleted: { citizens: 2, caseVersions: 1, auditRows: 0 }, citizenEndedBefore: '2025-11-26', trigger: 'command' });
    expect(JSON.parse(rows[1]!.detail)).toMatchObject({ deleted: { citizens: 0, auditRows: 3 }, auditBefore: AUDIT_CUTOFF });
  });

  it('every other delete is still refused: a kept citizen, a listed citizen outside a run, an uncovered audit row, a forged anchor', async () => {
    const store = await seededStore();
    const sql = rawSql(store);
    await run(store);
    for (const table of TABLES_ABOUT_CITIZENS) await expect(sql.run(`DELETE FROM ${table} WHERE cpr = @cpr`, { cpr: STILL_OPEN }), table).rejects.toThrow(/append-only/);
    await expect(sql.run('DELETE FROM events WHERE cpr IS NULL OR cpr = @cpr', { cpr: NO_CASE_RECENT })).rejects.toThrow(/append-only/);
    await expect(sql.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const newest = (await sqlRows<{ id: number; row_hash: string }>(store, 'SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1'))[0]!;
    const forge = (hash: string, rows: number) =>
      sql.run("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (@lastId, @hash, @rows, '2026-11-26T10:00:00Z', 'retention')", { lastId: newest.id, hash, rows });
    const rowsUpTo = await sqlValue<number>(store, 'SELECT count(*) FROM audit_log WHERE id <= @id', { id: newest.id });
    await expect(forge('f'.repeat(64), rowsUpTo)).rejects.toThrow(/retention anchor names the last row/);
    await expect(forge(newest.row_hash, rowsUpTo + 1)).rejects.toThrow(/retention anchor names the last row/);
    expect(await count(store, 'audit_log')).toBe(rowsUpTo);
    expect((await store.audit.verifyChain()).firstBreak).toBeNull();
  });
});

describe('retention: deleted data is gone from the file', () => {
  it('after the run (SQLite: secure_delete, WAL checkpointed) neither the database file nor its WAL holds the deleted CPR', async () => {
    const path = join(tempFolder(), 'retention.sqlite');
    const db = openDatabase(path);
    seedRetentionWorld(db);
    // The due citizen's later lookup falls under audit retention too, so no row anywhere keeps the number.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileHolds = (cpr: string) => [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(cpr)));
    expect(fileHolds(NO_CASE_OLD)).toBe(true);
    expect(fileHolds(ENDED_BEFORE)).toBe(true);
    await new RetentionRun({ sql: new SqliteSql(db), cutoffs, trigger: 'command', clock: () => NOW }).runToEnd();
    db.close();
    expect(fileHolds(NO_CASE_OLD)).toBe(false);
    expect(fileHolds(STILL_OPEN)).toBe(true);
    // ENDED_BEFORE stays in the one audit row inside audit retention (2026-06-01), as the rules require.
    expect(fileHolds(ENDED_BEFORE)).toBe(true);
  });
});
