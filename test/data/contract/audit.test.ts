import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../data/repositories/audit-chain.js';
import { AuditLog, chainedAuditRow, type AuditEntry } from '../../../data/repositories/audit-log.js';
import { AuditSampleReads } from '../../../data/repositories/audit-sample.js';
import { AUDIT_PAGE_ROWS } from '../../../data/repositories/verify-audit-chain.js';
import { byDialect } from '../../../data/sql/dialect.js';
import { retryWhileBusy } from '../../../data/sql/retry-while-busy.js';
import { contractEngines, type ContractEngine } from './contract-engines.js';

/** Made-up numbers of the right length; no real person's. */
const LOOKED_UP = '0707009001';
const OTHER = '0707009002';

const entry = (i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 9, 0, i)),
  action: 'lookup',
  purpose: 'koordinering',
  result: 'shown',
  actorEmployeeId: 'E-ANNA',
  actorAadObjectId: null,
  actorAdministration: 'BIF',
  citizenCpr: LOOKED_UP,
  asOf: '2026-03-01',
  shown: ['name', 'caseworker'],
  detail: { note: 'æøå "quoted"' },
  ...overrides,
});

/** The first entries of every engine's log, and the hashes they must chain to (computed here, engine-free). */
const FIRST = [
  entry(1),
  entry(2, { result: 'refused', citizenCpr: OTHER, shown: [] }),
  entry(3, { action: 'alert.claimed', purpose: 'advis', result: 'recorded', citizenCpr: null, shown: undefined, detail: undefined }),
  entry(4, { actorEmployeeId: null, actorAdministration: 'SOF' }),
];
const EXPECTED_HASHES = FIRST.reduce<string[]>((hashes, e, i) => [...hashes, chainedAuditRow(e, { lastId: i, hash: hashes[i - 1] ?? GENESIS_HASH }).row_hash], []);

for (const { kind, label, open } of contractEngines()) {
  describe(`audit log and audit sample on ${label}`, () => {
    let engine: ContractEngine;
    let audit: AuditLog;
    let sample: AuditSampleReads;
    const hashes = async () => (await engine.sql.all<{ row_hash: string }>('SELECT row_hash FROM audit_log ORDER BY id')).map((row) => row.row_hash);

    beforeAll(async () => {
      engine = await open();
      audit = new AuditLog(engine.sql);
      sample = new AuditSampleReads(engine.sql);
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('chains the same entries to the same hashes from the genesis anchor, and the chain verifies', async () => {
      expect(await audit.chainHead()).toEqual({ lastId: 0, hash: GENESIS_HASH, rows: 0 });
      for (const e of FIRST) await audit.append(e);
      expect(await hashes()).toEqual(EXPECTED_HASHES);
      expect(await audit.chainHead()).toEqual({ lastId: 4, hash: EXPECTED_HASHES[3], rows: 4 });
      expect(await audit.verifyChain()).toMatchObject({ rows: 4, firstBreak: null, head: { lastId: 4, hash: EXPECTED_HASHES[3] }, anchor: { lastId: 0, hash: GENESIS_HASH } });
    });

    it("gives a citizen's extract in time order, without names", async () => {
      expect(await audit.extractForCitizen(LOOKED_UP)).toEqual([
        { at: '2026-03-01T09:00:01.000Z', action: 'lookup', purpose: 'koordinering', result: 'shown', administration: 'BIF', asOf: '2026-03-01' },
        { at: '2026-03-01T09:00:04.000Z', action: 'lookup', purpose: 'koordinering', result: 'shown', administration: 'SOF', asOf: '2026-03-01' },
      ]);
      expect(await audit.extractForCitizen('0707009999')).toEqual([]);
    });

    it('the sample reads: lookups of a citizen with one of the actions in the period, and one row whole', async () => {
      expect(await sample.lookupsBetween(['lookup'], '2026-03-01T09:00:02.000Z', '2026-03-01T09:00:05.000Z')).toEqual([
        { id: 2, at: '2026-03-01T09:00:02.000Z' },
        { id: 4, at: '2026-03-01T09:00:04.000Z' },
      ]);
      expect(await sample.lookupsBetween(['alert.claimed', 'lookup'], '2026-03-01T09:00:00.000Z', '2026-03-01T09:00:02.000Z')).toEqual([{ id: 1, at: '2026-03-01T09:00:01.000Z' }]);
      expect(await sample.lookupsBetween([], '2026-01-01', '2027-01-01')).toEqual([]);
      expect(await sample.row(2)).toEqual({
        id: 2,
        at: '2026-03-01T09:00:02.000Z',
        action: 'lookup',
        purpose: 'koordinering',
        result: 'refused',
        employeeId: 'E-ANNA',
        administration: 'BIF',
        cpr: OTHER,
        shown: [],
        detail: { note: 'æøå "quoted"' },
      });
      expect(await sample.row(999)).toBeNull();
    });

    it('appends inside a transaction chain in order, and a failed one leaves no hole', async () => {
      await engine.sql.atomic(async (sql) => {
        const inUnit = new AuditLog(sql);
        await inUnit.append(entry(5));
        await inUnit.append(entry(6));
      });
      await expect(
        engine.sql.atomic(async (sql) => {
          await new AuditLog(sql).append(entry(7));
          throw new Error('the unit fails after its audit row');
        }),
      ).rejects.toThrow('the unit fails');
      await audit.append(entry(8));
      expect(await engine.sql.all<{ id: number; at: string }>('SELECT id, at FROM audit_log WHERE id > 4 ORDER BY id')).toEqual([
        { id: 5, at: '2026-03-01T09:00:05.000Z' },
        { id: 6, at: '2026-03-01T09:00:06.000Z' },
        { id: 7, at: '2026-03-01T09:00:08.000Z' },
      ]);
      expect((await audit.verifyChain()).firstBreak).toBeNull();
    });

    // SQLite's one connection takes one writer at a time (through the store's lock: test/audit/audit-chain-concurrency.test.ts).
    if (kind === 'postgres')
      it('appends at the same time, each its own transaction on its own connection, all chain and none forks', async () => {
        const before = (await audit.chainHead()).lastId;
        await Promise.all(Array.from({ length: 12 }, (_, i) => retryWhileBusy(() => audit.append(entry(20 + i)), { deadlineMs: 20_000 })));
        expect(await audit.verifyChain()).toMatchObject({ rows: before + 12, firstBreak: null, head: { lastId: before + 12 } });
      });

    it('appends several entries in one statement, chained as one by one would, all or none; none is a no-op', async () => {
      const head = await audit.chainHead();
      const batch = [entry(40), entry(41, { citizenCpr: null, shown: undefined, detail: undefined }), entry(42, { detail: { note: 'æøå "\\ \u0001' } })];
      const expected = batch.reduce<{ lastId: number; hash: string }[]>((links, e) => {
        const row = chainedAuditRow(e, links.at(-1) ?? head);
        return [...links, { lastId: row.id, hash: row.row_hash }];
      }, []);
      await audit.appendAll(batch);
      const written = await engine.sql.all<{ id: number; row_hash: string; detail: string | null; shown: string | null }>('SELECT id, row_hash, detail, shown FROM audit_log WHERE id > @id ORDER BY id', { id: head.lastId });
      expect(written.map((row) => ({ lastId: row.id, hash: row.row_hash }))).toEqual(expected);
      expect(written.map((row) => [row.shown, row.detail])).toEqual([
        ['["name","caseworker"]', '{"note":"æøå \\"quoted\\""}'],
        [null, null],
        ['["name","caseworker"]', '{"note":"æøå \\"\\\\ \\u0001"}'],
      ]);
      expect((await audit.verifyChain()).firstBreak).toBeNull();

      await expect(
        engine.sql.atomic(async (sql) => {
          await new AuditLog(sql).appendAll([entry(43), entry(44)]);
          throw new Error('the unit fails after its audit rows');
        }),
      ).rejects.toThrow('the unit fails');
      await audit.appendAll([]);
      expect((await audit.chainHead()).lastId).toBe(head.lastId + 3);
    });

    it('walks a chain longer than one page, and finds a row changed on the second page', async () => {
      await engine.sql.atomic(async (sql) => {
        const inUnit = new AuditLog(sql);
        for (let i = 0; i < AUDIT_PAGE_ROWS; i++) await inUnit.append(entry(i % 60));
      });
      const rows = (await audit.chainHead()).rows;
      expect(rows).toBeGreaterThan(AUDIT_PAGE_ROWS);
      expect(await audit.verifyChain()).toMatchObject({ rows, firstBreak: null, head: { lastId: rows } });

      const tampered = AUDIT_PAGE_ROWS + 3;
      // Past the append-only trigger, as someone with the database's owner rights could.
      await engine.sql.run(byDialect(engine.sql, { sqlite: 'DROP TRIGGER audit_log_no_rewrite', postgres: 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_rewrite' }));
      expect(await engine.sql.run("UPDATE audit_log SET purpose = 'kontrol' WHERE id = @id", { id: tampered })).toEqual({ changes: 1 });
      const verification = await audit.verifyChain();
      expect(verification).toMatchObject({ rows, firstBreak: { kind: 'content-changed', id: tampered } });
      // The trigger check is SQLite's only (its schema's names); PostgreSQL's verification reports none missing.
      expect(verification.missingTriggers).toEqual(kind === 'sqlite' ? ['audit_log_no_rewrite'] : []);
    });
  });
}
