import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgPool, type PgPool } from '../../../data/postgres/driver/pg-pool.js';
import { openPostgresStore } from '../../../data/postgres/open-postgres-store.js';
import { PgUnits } from '../../../data/postgres/pg-units.js';
import { StoreUnsupported } from '../../../data/store/store-unsupported.js';
import type { AuditEntry } from '../../../data/repositories/audit-log.js';
import type { Wrote } from '../../../data/sql/commit-signal.js';
import { StoreUsedInsideUnit, TxOutsideUnit } from '../../../data/store/unit-checks.js';
import type { Sql } from '../../../data/sql/sql.js';
import { StoreBusy } from '../../../data/sql/store-busy.js';
import type { Store, Tx } from '../../../data/store/store.js';
import { rejectionOf } from '../contract/contract-engines.js';
import { postgresEnginesUnderTest } from '../engines.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';

const ignoreLostClient = () => {};

describe('openPostgresStore', () => {
  it('refuses a URL that is not a PostgreSQL one, saying what it expects, before connecting anywhere', async () => {
    const error = await rejectionOf(openPostgresStore('mysql://brobygger@127.0.0.1/brobygger', { onIdleClientError: ignoreLostClient }));
    expect(error.message).toMatch(/postgres/i);
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`the PostgreSQL store (openPostgresStore) on ${engine.label}`, () => {
    let scratch: ScratchDatabase;
    let store: Store;
    /** A pool of the test's own, to arrange and inspect rows beside the store. */
    let look: PgPool;
    let keys = 0;
    const key = (label: string) => `${label}-${++keys}`;

    beforeAll(async () => {
      scratch = await scratchDatabase(engine.url, 'brobygger_store');
      store = await openPostgresStore(scratch.url, { maxClients: 4, lockTimeoutMs: 300, onIdleClientError: ignoreLostClient });
      look = openPgPool({ url: scratch.url, maxClients: 2, onIdleClientError: ignoreLostClient });
    }, 60_000);

    afterAll(async () => {
      await store?.close();
      await look?.end();
      await scratch?.drop();
    });

    const remember = (tx: Pick<Tx, 'conversations'>, id: string) =>
      tx.conversations.remember({ conversationId: id, scope: 'personal', tenantId: 't', serviceUrl: 'https://smba.example/', teamId: null, aadObjectId: null, reference: {} }, new Date());
    const greet = (tx: Pick<Tx, 'greetedUsers'>, id: string) => tx.greetedUsers.markGreeted(id, new Date('2025-06-02T10:00:00Z'));
    const greeted = async (...ids: string[]) =>
      (await look.query<{ id: string }>('SELECT aad_object_id AS id FROM greeted_users WHERE aad_object_id IN (SELECT value FROM json_array_elements_text(@ids::json)) ORDER BY 1', { ids: JSON.stringify(ids) })).map((row) => row.id);

    it('is migrated and ready: the schema is current, notReadyReason is null', async () => {
      expect(await store.schema.isCurrent()).toBe(true);
      expect(await store.schema.version()).toBe(await store.schema.latest());
      expect(await store.schema.has(16)).toBe(true);
      expect(await store.notReadyReason()).toBeNull();
    });

    it("serves the guide with PostgreSQL's own repository (PgGuideRepository), outside and inside a unit", async () => {
      expect(await store.guide.inForce('2025-06-02')).toEqual([]);
      expect(await store.transaction((tx) => tx.guide.findById('none', '2025-06-02'))).toBeNull();
    });

    describe('store.transaction (one unit of work)', () => {
      it('commits what the unit wrote through tx and returns its value', async () => {
        const [a, b] = [key('a'), key('b')];
        expect(
          await store.transaction(async (tx) => {
            await greet(tx, a);
            await greet(tx, b);
            return 'done';
          }),
        ).toBe('done');
        expect(await greeted(a, b)).toEqual([a, b]);
      });

      it('writes nothing when the unit throws: the error reaches the caller', async () => {
        const a = key('a');
        const failure = new Error('halfway');
        await expect(
          store.transaction(async (tx) => {
            await greet(tx, a);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await greeted(a)).toEqual([]);
      });

      it('refuses a transaction, a group commit, a snapshot or appendCommitted inside a unit (StoreUsedInsideUnit: each would wait for the audit chain lock the unit holds); the unit goes on', async () => {
        const [before, inner, after] = [key('before'), key('inner'), key('after')];
        const entry: AuditEntry = { at: new Date('2025-06-02T10:00:00Z'), action: 'test', purpose: 'test', result: 'shown', actorEmployeeId: null, actorAadObjectId: null, actorAdministration: null, citizenCpr: null, asOf: null };
        await store.transaction(async (tx) => {
          await greet(tx, before);
          await expect(store.transaction((nested) => greet(nested, inner))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
          await expect(store.commitGrouped((nested) => greet(nested, inner))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
          await expect(store.readSnapshot((reads) => reads.conversations.find(inner))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
          await expect(tx.audit.appendCommitted(entry)).rejects.toBeInstanceOf(StoreUsedInsideUnit);
          await expect(store.audit.appendCommitted(entry)).rejects.toBeInstanceOf(StoreUsedInsideUnit);
          await greet(tx, after);
        });
        expect(await greeted(before, inner, after)).toEqual([after, before]);
      });

      it("keeps one guide vocabulary for calls and units alike (the repositories are bound per unit, their caches are not)", async () => {
        const outside = await store.guide.vocabularyTerms();
        expect(await store.transaction((tx) => tx.guide.vocabularyTerms())).toBe(outside);
        expect(await store.readSnapshot((reads) => reads.guide.vocabularyTerms())).toBe(outside);
        expect(await store.guide.vocabularyTerms()).toBe(outside);
      });

      it('does not keep other callers out (unlike SQLite): their write commits while a unit is open and survives its rollback', async () => {
        const [inside, outside] = [key('inside'), key('outside')];
        let started!: () => void;
        let release!: () => void;
        const open = new Promise<void>((resolve) => (started = resolve));
        const held = new Promise<void>((resolve) => (release = resolve));
        const unit = store.transaction(async (tx) => {
          await greet(tx, inside);
          started();
          // Not what a unit should do (wait for something else); here it keeps the unit open.
          await held;
          throw new Error('the unit fails');
        });
        await open;
        await store.greetedUsers.markGreeted(outside, new Date());
        expect(await greeted(inside, outside)).toEqual([outside]);
        release();
        await expect(unit).rejects.toThrow('the unit fails');
        expect(await greeted(inside, outside)).toEqual([outside]);
      });

      it('refuses the store itself inside its own unit: use tx', async () => {
        const wrong = key('wrong');
        await expect(store.transaction(async () => store.greetedUsers.markGreeted(wrong, new Date()))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
        expect(await greeted(wrong)).toEqual([]);
      });

      it("refuses a tx kept past its unit, a group commit's and a snapshot's too", async () => {
        const late = key('late');
        const kept = await store.transaction(async (tx) => tx);
        await expect(greet(kept, late)).rejects.toBeInstanceOf(TxOutsideUnit);
        const keptFromBatch = await store.commitGrouped(async (tx) => tx);
        await expect(greet(keptFromBatch, late)).rejects.toBeInstanceOf(TxOutsideUnit);
        const keptReads = await store.readSnapshot(async (reads) => reads);
        await expect(keptReads.conversations.find(late)).rejects.toBeInstanceOf(TxOutsideUnit);
        expect(await greeted(late)).toEqual([]);
      });

      it("runs a repository's atomic write in the unit's transaction inside a unit, and in one of its own outside", async () => {
        const search = { source: 'command', query: key('q'), queryFolded: 'q', administration: 'BIF', hits: 0, shownEntryIds: [] } as const;
        await expect(
          store.transaction(async (tx) => {
            await tx.guideSearches.record(search, new Date(), 30);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        const logged = () => look.query('SELECT 1 FROM guide_searches WHERE query = @query', { query: search.query });
        expect(await logged()).toHaveLength(0);
        await store.guideSearches.record(search, new Date(), 30);
        expect(await logged()).toHaveLength(1);
      });

      it('write units queue one behind the other (the audit chain lock is their first statement): one kept open past the lock timeout makes the next StoreBusy with nothing written, and then it commits', async () => {
        const [a, b] = [key('a'), key('b')];
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let opened!: () => void;
        const isOpen = new Promise<void>((resolve) => (opened = resolve));
        const first = store.transaction(async (tx) => {
          await remember(tx, a);
          opened();
          await held;
        });
        await isOpen;
        // This store's lock timeout is 300 ms: the second unit waits for the first, then gives up as busy.
        const second = await rejectionOf(store.transaction(async (tx) => remember(tx, b)));
        release();
        await first;
        expect(second).toBeInstanceOf(StoreBusy);
        expect((await store.conversations.find(a))?.conversationId).toBe(a);
        expect(await store.conversations.find(b)).toBeNull();
        // Once the first has committed the next one goes straight through.
        await store.transaction(async (tx) => remember(tx, b));
        expect((await store.conversations.find(b))?.conversationId).toBe(b);
      });
    });

    describe('store.readSnapshot', () => {
      it('reads one committed state: a commit in between is not seen by its later reads', async () => {
        const [a, b] = [key('a'), key('b')];
        await remember(store, a);
        const seen = await store.readSnapshot(async (reads) => {
          const first = await reads.conversations.find(a);
          // Another instance commits in between (the store itself is refused inside the snapshot).
          await look.run(
            "INSERT INTO conversations (conversation_id, scope, tenant_id, service_url, team_id, aad_object_id, reference, active, inactive_reason, updated_at) VALUES (@b, 'personal', 't', 'https://smba.example/', NULL, NULL, '{}', 1, NULL, '2025-06-02T10:00:00.000Z')",
            { b },
          );
          return { first: first?.conversationId, second: await reads.conversations.find(b) };
        });
        expect(seen).toEqual({ first: a, second: null });
        expect((await store.conversations.find(b))?.conversationId).toBe(b);
      });

      it('reads through its own reads; the store itself is refused inside it, and it cannot write', async () => {
        expect(await store.readSnapshot(async (reads) => (await reads.conversations.find('none')) ?? 'nothing')).toBe('nothing');
        await expect(store.readSnapshot(async () => store.conversations.find('none'))).rejects.toBeInstanceOf(StoreUsedInsideUnit);
        const w = key('w');
        await expect(store.readSnapshot((reads) => greet(reads, w))).rejects.toThrow(/read-only/);
        expect(await greeted(w)).toEqual([]);
      });
    });

    describe('store.commitGrouped (group commit)', () => {
      it('commits units of the same tick in one transaction; a failing one is rolled back alone and only its caller is told', async () => {
        const [a, b, c] = [key('a'), key('b'), key('c')];
        let cSawA = false;
        const unit = (id: string, fail = false) =>
          store.commitGrouped(async (tx) => {
            await greet(tx, id);
            // Greeted in this batch's transaction already: markGreeted reads first and writes nothing.
            if (id === c) cSawA = (await tx.greetedUsers.markGreeted(a, new Date())) === false;
            if (fail) throw new Error(`${id} fails`);
            return id;
          });
        const settled = await Promise.allSettled([unit(a), unit(b, true), unit(c)]);
        expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await greeted(a, b, c)).toEqual([a, c]);
        expect(cSawA).toBe(true);
      });

      it('settles nothing before the commit: a promise resolves only after its row is readable', async () => {
        const a = key('a');
        const pending = store.commitGrouped((tx) => greet(tx, a));
        expect(await greeted(a)).toEqual([]);
        await pending;
        expect(await greeted(a)).toEqual([a]);
      });

      it('when one unit is busy (a lock another transaction holds), rejects the whole batch with StoreBusy and writes nothing; later batches commit', async () => {
        const [a, b, c] = [key('a'), key('b'), key('c')];
        const holder = await look.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('LOCK TABLE greeted_users IN ACCESS EXCLUSIVE MODE');
          // Only the first unit needs the locked table; the others would commit on their own.
          const results = await Promise.allSettled([store.commitGrouped((tx) => remember(tx, b)), store.commitGrouped((tx) => greet(tx, a)), store.commitGrouped((tx) => remember(tx, c))]);
          expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
          for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusy);
        } finally {
          await holder.query('ROLLBACK');
          holder.release();
        }
        expect(await greeted(a)).toEqual([]);
        expect(await store.conversations.find(b)).toBeNull();
        expect(await store.conversations.find(c)).toBeNull();
        const d = key('d');
        await store.commitGrouped((tx) => greet(tx, d));
        expect(await greeted(d)).toEqual([d]);
      });
    });

    describe('store.audit', () => {
      it('appendCommitted: entries of the same tick are committed together, chained, and settle after the commit', async () => {
        const entry = (i: number): AuditEntry => ({ at: new Date(Date.UTC(2026, 2, 1, 9, 0, i)), action: 'test', purpose: 'test', result: 'shown', actorEmployeeId: null, actorAadObjectId: null, actorAdministration: null, citizenCpr: null, asOf: null, detail: { i } });
        const rows = async () => (await look.query<{ n: number }>('SELECT count(*) AS n FROM audit_log'))[0]!.n;
        const before = await rows();
        const appended = Promise.all([0, 1, 2].map((i) => store.audit.appendCommitted(entry(i))));
        expect(await rows()).toBe(before);
        await appended;
        expect(await rows()).toBe(before + 3);
        const head = await store.audit.chainHead();
        expect(head.rows).toBe(before + 3);
        const verified = await store.audit.verifyChain();
        expect(verified.firstBreak).toBeNull();
        expect(verified.head).toEqual({ lastId: head.lastId, hash: head.hash });
        expect((await store.auditSample.row(head.lastId))?.id).toBe(head.lastId);
      });

      it('two instances appending in units that read first queue on the chain instead of conflicting: none is busy, the chain holds', async () => {
        // Each unit reads before it appends, as a turn does; the chain's lock taken as every write unit's first
        // statement is what keeps the head read current. Without it most of these reject with StoreBusy.
        const options = { maxClients: 6, lockTimeoutMs: 20_000, onIdleClientError: ignoreLostClient };
        const instances = [await openPostgresStore(scratch.url, options), await openPostgresStore(scratch.url, options)];
        try {
          const entry = (i: number): AuditEntry => ({ at: new Date(Date.UTC(2026, 2, 2, 9, 0, i)), action: 'test', purpose: 'test', result: 'shown', actorEmployeeId: null, actorAadObjectId: null, actorAdministration: null, citizenCpr: null, asOf: null, detail: { i } });
          const before = (await store.audit.chainHead()).rows;
          const outcomes = await Promise.allSettled(
            Array.from({ length: 24 }, (_, i) =>
              instances[i % 2]!.transaction(async (tx) => {
                await tx.conversations.find(`reader-${i}`);
                await tx.audit.append(entry(i));
              }),
            ),
          );
          const grouped = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => instances[i % 2]!.audit.appendCommitted(entry(100 + i))));
          expect([...outcomes, ...grouped].filter((outcome) => outcome.status === 'rejected')).toEqual([]);
          const verified = await store.audit.verifyChain();
          expect(verified.firstBreak).toBeNull();
          expect((await store.audit.chainHead()).rows).toBe(before + 36);
        } finally {
          await Promise.all(instances.map((instance) => instance.close()));
        }
      }, 60_000);
    });

    describe('store.writesSoFar', () => {
      it('grows with each row written, not with reads', async () => {
        const before = store.writesSoFar();
        await store.greetedUsers.markGreeted(key('a'), new Date());
        const afterOne = store.writesSoFar();
        expect(afterOne).toBe(before + 1);
        await store.conversations.find('nowhere');
        expect(store.writesSoFar()).toBe(afterOne);
        await store.guideSearches.record({ source: 'command', query: key('q'), queryFolded: 'q', administration: 'BIF', hits: 0, shownEntryIds: [] }, new Date(), 30);
        expect(store.writesSoFar()).toBe(afterOne + 1);
      });
    });

    describe('what the PostgreSQL store does not do yet', () => {
      it('rejects backup with StoreUnsupported', async () => {
        expect(await rejectionOf(store.backup('/nowhere'))).toBeInstanceOf(StoreUnsupported);
        expect((await rejectionOf(store.backup('/nowhere'))).message).toBe('store.backup: use pg_dump');
      });
    });

    describe('store.onCommitted (the outbox worker wakes because of the commit)', () => {
      const enqueue = (tx: Pick<Tx, 'outbox'>, dedupeKey: string) =>
        tx.outbox.enqueue({ dedupeKey, operation: 'post', conversationId: '19:a@thread.tacv2', message: { text: dedupeKey }, purpose: 'test', now: new Date('2025-06-02T10:00:00Z') });

      it('tells once, after the COMMIT, that a unit wrote outbox rows; nobody about a rolled-back unit; a lone write once it is done', async () => {
        const heard: Wrote[] = [];
        const stop = store.onCommitted((wrote) => heard.push(wrote));
        try {
          await store.transaction(async (tx) => {
            await enqueue(tx, key('a'));
            await enqueue(tx, key('b'));
            expect(heard).toEqual([]);
          });
          expect(heard).toEqual([{ outbox: true, announcementSends: false }]);
          await expect(
            store.transaction(async (tx) => {
              await enqueue(tx, key('c'));
              throw new Error('halfway');
            }),
          ).rejects.toThrow('halfway');
          await new Promise((resolve) => setImmediate(resolve));
          expect(heard).toHaveLength(1);
          const pending = await store.operations.outboxInState('pending');
          await enqueue(store, key('d'));
          expect(heard).toHaveLength(2);
          expect(await store.operations.outboxInState('pending')).toBe(pending + 1);
        } finally {
          stop();
        }
      });
    });

    describe('commit listeners (the WriteNotes the repositories are given)', () => {
      let pool: PgPool;
      let units: PgUnits;
      const heard: Wrote[] = [];
      beforeAll(() => {
        pool = openPgPool({ url: scratch.url, maxClients: 2, onIdleClientError: ignoreLostClient });
        units = new PgUnits(pool);
        units.onCommitted((wrote) => heard.push(wrote));
      });
      afterAll(() => pool.end());
      const write = (sql: Sql, id: string) => sql.run("INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (@id, '2025-06-02T10:00:00.000Z')", { id });
      const microtasksRun = () => new Promise((resolve) => setImmediate(resolve));

      it('tells once, after the COMMIT, what a unit wrote; nothing for a rolled-back unit', async () => {
        heard.length = 0;
        await units.transaction(async (unit) => {
          await write(unit, key('a'));
          unit.wrote('outbox');
          unit.wrote('outbox');
          expect(heard).toEqual([]);
        });
        expect(heard).toEqual([{ outbox: true, announcementSends: false }]);
        await expect(
          units.transaction(async (unit) => {
            unit.wrote('outbox');
            throw new Error('halfway');
          }),
        ).rejects.toThrow('halfway');
        await microtasksRun();
        expect(heard).toHaveLength(1);
      });

      it("tells a single call's writes once it has settled, and a repository's own atomic's after its COMMIT", async () => {
        heard.length = 0;
        await units.outside(async (call) => {
          await call.atomic(async (sql) => {
            await write(sql, key('a'));
            call.wrote('announcementSends');
          });
          expect(heard).toEqual([]);
        });
        expect(heard).toEqual([{ outbox: false, announcementSends: true }]);
      });

      it("tells a group commit's writes once, after the batch commits; a failed unit's not", async () => {
        heard.length = 0;
        const outcomes = await units.commitBatch([
          async (unit) => unit.wrote('outbox'),
          async (unit) => {
            unit.wrote('announcementSends');
            throw new Error('fails');
          },
        ]);
        expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false]);
        expect(heard).toEqual([{ outbox: true, announcementSends: false }]);
      });

      it('a group commit of one unit: what a failing unit wrote is rolled back and not told, a good one commits', async () => {
        heard.length = 0;
        const id = key('batch-of-one');
        const [failed] = await units.commitBatch([
          async (unit) => {
            await write(unit, id);
            unit.wrote('outbox');
            throw new Error('fails');
          },
        ]);
        expect(failed).toMatchObject({ ok: false, error: new Error('fails') });
        expect(heard).toEqual([]);
        expect(await look.query('SELECT 1 FROM greeted_users WHERE aad_object_id = @id', { id })).toEqual([]);
        const [good] = await units.commitBatch([async (unit) => write(unit, id)]);
        expect(good).toEqual({ ok: true, result: { changes: 1 } });
        expect(await look.query('SELECT 1 AS found FROM greeted_users WHERE aad_object_id = @id', { id })).toEqual([{ found: 1 }]);
      });
    });

    it('is not ready while a migration this version knows is missing', async () => {
      const [row] = await look.query<{ name: string; applied_at: string }>('SELECT name, applied_at FROM schema_migrations WHERE version = 16');
      await look.run('DELETE FROM schema_migrations WHERE version = 16');
      try {
        expect(await store.notReadyReason()).toBe('database schema is not current');
        expect(await store.schema.isCurrent()).toBe(false);
      } finally {
        await look.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (16, @name, @at)', { name: row!.name, at: row!.applied_at });
      }
      expect(await store.notReadyReason()).toBeNull();
    });

    it('is not ready once closed', async () => {
      await store.close();
      expect(await store.notReadyReason()).toBe('database closed');
    });
  });
}
