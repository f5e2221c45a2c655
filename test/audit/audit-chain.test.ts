import { describe, expect, it } from 'vitest';
import { auditRowHash, GENESIS_HASH, HASHED_COLUMNS, type ChainedAuditRow } from '../../data/repositories/audit-chain.js';
import type { AuditEntry } from '../../data/repositories/audit-log.js';
import { SqliteAuditLog } from '../support/sqlite-audit-log.js';
import { verifyAuditChain, verifyAuditChainPaged } from '../../data/repositories/verify-audit-chain.js';
import { migrations } from '../../data/migrations/index.js';
import { applyMigrations, openDatabase, type Db } from '../../data/store/open-database.js';
import { emptyStore } from '../data/import-fixtures.js';
import { rawSql } from '../support/raw-sql.js';

const entry = (i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 9, 0, i)),
  action: 'lookup',
  purpose: 'koordinering',
  result: 'shown',
  actorEmployeeId: 'E-ANNA',
  actorAadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001',
  actorAdministration: 'BIF',
  citizenCpr: '0101901234',
  asOf: '2026-03-01',
  shown: ['bif.unit', 'sof.unit'],
  detail: { n: i },
  ...overrides,
});

/** A fresh database with `count` audit rows appended through the app. */
function chained(count: number): { db: Db; audit: SqliteAuditLog } {
  const db = openDatabase(':memory:');
  const audit = new SqliteAuditLog(db);
  for (let i = 1; i <= count; i++) audit.append(entry(i));
  return { db, audit };
}

const hashOf = (db: Db, id: number) => db.prepare('SELECT row_hash FROM audit_log WHERE id = ?').pluck().get(id) as string;

describe('audit chain on SQLite: each row carries the previous row hash and its own', () => {
  it('an untouched chain verifies, and its head is the last row hash', () => {
    const { db, audit } = chained(5);
    const result = verifyAuditChain(db);
    expect(result).toMatchObject({ rows: 5, firstBreak: null, missingTriggers: [], head: { lastId: 5, hash: hashOf(db, 5) } });
    expect(db.prepare('SELECT prev_hash FROM audit_log WHERE id = 1').pluck().get()).toBe(GENESIS_HASH);
    expect(db.prepare('SELECT prev_hash FROM audit_log WHERE id = 3').pluck().get()).toBe(hashOf(db, 2));
    expect(audit.chainHead()).toEqual({ lastId: 5, hash: hashOf(db, 5), rows: 5 });
  });

  it('an empty log verifies, and its head is the genesis anchor', () => {
    const { db, audit } = chained(0);
    expect(verifyAuditChain(db)).toMatchObject({ rows: 0, firstBreak: null, head: { lastId: 0, hash: GENESIS_HASH } });
    expect(audit.chainHead()).toEqual({ lastId: 0, hash: GENESIS_HASH, rows: 0 });
  });

  it('the hash covers every audit_log column (a new column needs a new chain version)', () => {
    const { db } = chained(0);
    const columns = (db.prepare('PRAGMA table_info(audit_log)').all() as { name: string }[]).map((column) => column.name);
    expect(columns.filter((name) => name !== 'row_hash').sort()).toEqual([...HASHED_COLUMNS].sort());
  });

  it('the encoding keeps field boundaries: moving text from one field to the next changes the hash', () => {
    const { db, audit } = chained(0);
    audit.append(entry(1, { purpose: 'a|b', result: 'shown' }));
    const other = chained(0);
    other.audit.append(entry(1, { purpose: 'a', result: '|bshown' as never }));
    expect(hashOf(db, 1)).not.toBe(hashOf(other.db, 1));
  });

  it('the app still cannot update or delete a row, the new columns included, nor insert one without a hash', () => {
    const { db } = chained(3);
    expect(() => db.prepare('UPDATE audit_log SET row_hash = ? WHERE id = 2').run(GENESIS_HASH)).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE audit_log SET prev_hash = ? WHERE id = 2').run(GENESIS_HASH)).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE audit_log SET chain_version = 2 WHERE id = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO audit_log (at, action, purpose, result) VALUES ('2026-03-01', 'lookup', 'x', 'shown')").run()).toThrow(/chained/);
    expect(verifyAuditChain(db).firstBreak).toBeNull();
  });
});

describe('audit chain on SQLite: a change made outside the app is found at the first row that does not verify', () => {
  it('a dropped trigger, then an edited row: that row, and the missing trigger', () => {
    const { db } = chained(5);
    db.exec("DROP TRIGGER audit_log_no_rewrite; UPDATE audit_log SET detail = '{\"n\":99}' WHERE id = 3");
    expect(verifyAuditChain(db)).toMatchObject({ firstBreak: { kind: 'content-changed', id: 3 }, missingTriggers: ['audit_log_no_rewrite'] });
  });

  it('an edited row with its own hash recomputed: the next row, whose link no longer holds', () => {
    const { db } = chained(5);
    const forged = chained(0);
    forged.audit.append(entry(1, { citizenCpr: '0202902345' }));
    db.exec('DROP TRIGGER audit_log_no_rewrite');
    // Row 1 replaced by a forged row with a hash that is right for its own content.
    const row = forged.db.prepare('SELECT citizen_cpr, row_hash FROM audit_log WHERE id = 1').get() as { citizen_cpr: string; row_hash: string };
    db.prepare('UPDATE audit_log SET citizen_cpr = ?, row_hash = ? WHERE id = 1').run(row.citizen_cpr, row.row_hash);
    expect(verifyAuditChain(db).firstBreak).toEqual({ kind: 'wrong-prev', id: 2 });
  });

  it('a deleted row (a gap in the chain): the row after the gap, naming the missing one', () => {
    const { db } = chained(5);
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3');
    expect(verifyAuditChain(db)).toMatchObject({ rows: 4, firstBreak: { kind: 'missing-rows', id: 4, expectedId: 3 } });
  });

  it('a row inserted without a hash: that row', () => {
    const { db } = chained(5);
    db.exec("DROP TRIGGER audit_log_chained; INSERT INTO audit_log (at, action, purpose, result) VALUES ('2026-03-02T00:00:00.000Z', 'lookup', 'x', 'shown')");
    expect(verifyAuditChain(db).firstBreak).toEqual({ kind: 'unchained', id: 6 });
  });

  it('a row inserted with made-up hashes: that row', () => {
    const { db } = chained(5);
    db.prepare(
      "INSERT INTO audit_log (at, action, purpose, result, chain_version, prev_hash, row_hash) VALUES ('2026-03-02T00:00:00.000Z', 'lookup', 'x', 'shown', 1, ?, ?)",
    ).run('a'.repeat(64), 'b'.repeat(64));
    expect(verifyAuditChain(db).firstBreak).toEqual({ kind: 'wrong-prev', id: 6 });
  });

  it('two rows swapped (reordered): the first of them', () => {
    const { db } = chained(5);
    db.exec('DROP TRIGGER audit_log_keep_rowid; DROP TRIGGER audit_log_no_rewrite; UPDATE audit_log SET id = 100 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 100');
    expect(verifyAuditChain(db)).toMatchObject({ firstBreak: { kind: 'wrong-prev', id: 2 }, missingTriggers: ['audit_log_no_rewrite', 'audit_log_keep_rowid'] });
  });

  it('an edited hash: that row', () => {
    const { db } = chained(5);
    db.exec(`DROP TRIGGER audit_log_no_rewrite; UPDATE audit_log SET row_hash = '${'c'.repeat(64)}' WHERE id = 4`);
    expect(verifyAuditChain(db).firstBreak).toEqual({ kind: 'content-changed', id: 4 });
  });

  it('the retention trigger on the anchor (migration 013) dropped: named as missing, though every row still verifies', () => {
    const { db } = chained(3);
    db.exec('DROP TRIGGER audit_chain_anchor_retention_covers');
    expect(verifyAuditChain(db)).toMatchObject({ firstBreak: null, missingTriggers: ['audit_chain_anchor_retention_covers'] });
  });

  it('the anchor table dropped: nothing verifies', () => {
    const { db } = chained(2);
    db.exec('DROP TABLE audit_chain_anchor');
    expect(verifyAuditChain(db).firstBreak).toEqual({ kind: 'no-anchor' });
  });
});

describe('audit chain on SQLite: a head from the application log catches what the chain alone cannot', () => {
  /** What someone with the file can do: edit a row and recompute every hash from it on, so the chain verifies. */
  function rewriteFrom(db: Db, id: number): void {
    db.exec('DROP TRIGGER audit_log_no_rewrite');
    db.prepare("UPDATE audit_log SET result = 'refused' WHERE id = ?").run(id);
    let prev = hashOf(db, id - 1);
    for (const row of db.prepare(`SELECT ${HASHED_COLUMNS.join(', ')} FROM audit_log WHERE id >= ? ORDER BY id`).all(id) as ChainedAuditRow[]) {
      const hash = auditRowHash({ ...row, prev_hash: prev });
      db.prepare('UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?').run(prev, hash, row.id);
      prev = hash;
    }
  }

  it('the newest rows cut off: the chain verifies, the logged head is missing', () => {
    const { db, audit } = chained(5);
    const logged = audit.chainHead();
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= 4');
    expect(verifyAuditChain(db, { loggedHead: logged })).toMatchObject({ firstBreak: null, loggedHead: 'missing' });
  });

  it('the chain rewritten from an edited row on: the chain verifies, the logged head differs', () => {
    const { db, audit } = chained(5);
    const logged = audit.chainHead();
    rewriteFrom(db, 2);
    expect(verifyAuditChain(db, { loggedHead: logged })).toMatchObject({ firstBreak: null, loggedHead: 'differs' });
  });

  it('an untouched chain that has grown since: the logged head matches', () => {
    const { db, audit } = chained(3);
    const logged = audit.chainHead();
    audit.append(entry(4));
    expect(verifyAuditChain(db, { loggedHead: logged })).toMatchObject({ firstBreak: null, loggedHead: 'matches' });
  });
});

describe('audit chain on SQLite: anchors (where retention will let the chain start later)', () => {
  /** What retention does (data/retention/audit-retention.ts): record the last row to delete as the new anchor, then delete the rows it covers. */
  function deleteOldest(db: Db, lastId: number, options: { deleteRows: boolean } = { deleteRows: true }): void {
    const hash = hashOf(db, lastId);
    db.prepare("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (?, ?, ?, '2026-03-02T00:00:00.000Z', 'retention')").run(lastId, hash, lastId);
    if (options.deleteRows) db.prepare('DELETE FROM audit_log WHERE id <= ?').run(lastId);
  }

  it('with the oldest rows deleted and the last one recorded as the anchor, the rest still verifies', () => {
    const { db } = chained(5);
    deleteOldest(db, 3);
    expect(verifyAuditChain(db)).toMatchObject({ rows: 2, firstBreak: null, anchor: { lastId: 3 }, head: { lastId: 5 } });
  });

  it('after every row is deleted, the next row links to the anchor and keeps counting ids', () => {
    const { db, audit } = chained(3);
    const anchorHash = hashOf(db, 3);
    deleteOldest(db, 3);
    expect(audit.chainHead()).toEqual({ lastId: 3, hash: anchorHash, rows: 0 });
    audit.append(entry(4));
    expect(db.prepare('SELECT id, prev_hash FROM audit_log').get()).toEqual({ id: 4, prev_hash: anchorHash });
    expect(verifyAuditChain(db).firstBreak).toBeNull();
  });

  it('an anchor recorded while the rows before it remain: the first of those rows', () => {
    const { db } = chained(5);
    deleteOldest(db, 2, { deleteRows: false });
    expect(verifyAuditChain(db).firstBreak).toEqual({ kind: 'before-anchor', id: 1, anchorLastId: 2 });
  });

  it('an anchor cannot move back, be changed or be deleted', () => {
    const { db } = chained(3);
    const anchor = db.prepare("INSERT INTO audit_chain_anchor (last_id, hash, deleted_rows, recorded_at, reason) VALUES (?, ?, ?, 'x', 'retention')");
    anchor.run(2, hashOf(db, 2), 2);
    expect(() => anchor.run(1, hashOf(db, 1), 1)).toThrow(/follow the last one/);
    expect(() => anchor.run(2, hashOf(db, 2), 2)).toThrow(/a row with this key exists already/);
    expect(() => db.prepare('UPDATE audit_chain_anchor SET last_id = 5').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_chain_anchor').run()).toThrow(/append-only/);
  });
});

describe('audit chain: group commit (on the engine under test)', () => {
  it('turns committed together chain their rows in order; a failing entry leaves no hole', async () => {
    const store = await emptyStore();
    await store.audit.append(entry(1));
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => store.audit.appendCommitted(i === 30 ? entry(i, { action: null as never }) : entry(i))),
    );
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(await verifyAuditChainPaged(rawSql(store))).toMatchObject({ rows: 60, firstBreak: null, head: { lastId: 60 } });
  });
});

describe('audit chain on SQLite: migration', () => {

  it('migration 11 chains the rows that exist already, in id order, from the genesis anchor', { timeout: 120_000 }, () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((migration) => migration.version < 11) });
    const insert = db.prepare("INSERT INTO audit_log (at, action, purpose, result, citizen_cpr, detail) VALUES (?, 'lookup', 'koordinering', 'shown', '0101901234', ?)");
    for (let i = 0; i < 25_005; i++) insert.run(`2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`, JSON.stringify({ i }));
    expect(db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get('audit_chain_anchor')).toBeUndefined();

    expect(applyMigrations(db, migrations)).toContain(11);
    expect(db.prepare('SELECT count(*) FROM audit_log WHERE row_hash IS NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT prev_hash FROM audit_log WHERE id = 1').pluck().get()).toBe(GENESIS_HASH);
    expect(verifyAuditChain(db)).toMatchObject({ rows: 25_005, firstBreak: null, missingTriggers: [] });
    new SqliteAuditLog(db).append(entry(1));
    expect(verifyAuditChain(db)).toMatchObject({ rows: 25_006, firstBreak: null, head: { lastId: 25_006 } });
  });
});
