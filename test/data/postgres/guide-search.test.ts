import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchGuide } from '../../../bot/guide/search-guide.js';
import { projectFile } from '../../../bot/paths/project-root.js';
import { importFolder } from '../../../data/import/import-folder.js';
import { openPgPool, type PgPool } from '../../../data/postgres/driver/pg-pool.js';
import { migratePostgres } from '../../../data/postgres/migrate.js';
import { bm25CandidatesSql, bm25Terms } from '../../../data/postgres/repositories/guide-bm25.js';
import { PgGuideRepository, rebuildPgGuideIndex } from '../../../data/postgres/repositories/guide.js';
import { GuideRepository, type GuideEntry } from '../../../data/repositories/guide.js';
import { openDatabase, type Db } from '../../../data/store/open-database.js';
import { createStore, type Store } from '../../../data/store/store.js';
import { inForceOn } from '../../../data/validity/in-force.js';
import { copySqliteRows } from '../../support/copy-sqlite-rows.js';
import { CUTOFF, expectedIds, loadQuerySet, QUERY_SET_DAY, QUERY_SETS, type GuideQuery, type QuerySetName } from '../../guide/guide-quality.js';
import { postgresEnginesUnderTest, type PostgresEngine } from '../engines.js';
import { scratchDatabase, type ScratchDatabase } from '../../support/postgres-scratch-database.js';

const VERSION_COLUMNS = ['source_from', 'source_to', 'valid_from', 'valid_to', 'recorded_at', 'superseded_at', 'import_run_id'];
const COPIED = {
  import_runs: ['id', 'started_at', 'finished_at', 'folder', 'summary'],
  guide_entry_versions: ['version_id', 'entry_id', 'title', 'body', 'keywords', 'unit_id', 'url', ...VERSION_COLUMNS],
  guide_synonym_versions: ['version_id', 'word', 'means', ...VERSION_COLUMNS],
} as const;
const CANDIDATES = 60;
const SET_NAMES = Object.keys(QUERY_SETS) as QuerySetName[];

/** searchGuide reads the store's guide repository only; this one serves SQLite's and keeps the terms it was asked for. */
function recordingGuide(guide: GuideRepository) {
  const asked: string[][] = [];
  const recording = {
    vocabularyTerms: () => guide.vocabularyTerms(),
    synonyms: () => guide.synonyms(),
    candidates: (terms: readonly string[], asOf: string, limit?: number) => {
      asked.push([...terms]);
      return guide.candidates(terms, asOf, limit);
    },
    inForce: (asOf: string) => guide.inForce(asOf),
    findById: (id: string, asOf: string) => guide.findById(id, asOf),
  };
  return { asked, store: { guide: recording } as unknown as Parameters<typeof searchGuide>[0] };
}

/** MRR@5 and every query's top five, by the real searchGuide over the store's guide repository (as evaluate scores). */
async function quality(store: Store, queries: readonly GuideQuery[]) {
  const tops: string[][] = [];
  let reciprocal = 0;
  for (const query of queries) {
    const top = (await searchGuide(store, query.query, query.asOf ?? QUERY_SET_DAY, CUTOFF)).map((hit) => hit.entry.id);
    const rank = top.findIndex((id) => expectedIds(query).includes(id)) + 1;
    if (rank > 0) reciprocal += 1 / rank;
    tops.push(top);
  }
  return { mrr: reciprocal / queries.length, tops };
}

/** The terms searchGuide hands the index for the query (its own spelling, variants and synonyms), or none. */
async function termsOf(guide: GuideRepository, query: GuideQuery): Promise<string[]> {
  const { asked, store } = recordingGuide(guide);
  await searchGuide(store, query.query, query.asOf ?? QUERY_SET_DAY);
  return asked[0] ?? [];
}

/** The demo organisation and the real guide content (data/demo) through the real importer, as guide:quality loads it. */
async function demoGuideDatabase(): Promise<Db> {
  const db = openDatabase(':memory:');
  const report = await importFolder(db, projectFile('data', 'demo'), { now: new Date(`${QUERY_SET_DAY}T10:00:00Z`) });
  if (!report.ok) throw new Error(report.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`).join('\n'));
  return db;
}

/** A database of its own per run (test/support/postgres-scratch-database.ts), migrated with the baseline. */
async function migratedScratchDatabase(engine: PostgresEngine): Promise<ScratchDatabase> {
  const scratch = await scratchDatabase(engine.url, 'brobygger_guide');
  const migrator = new pg.Client({ connectionString: scratch.url });
  await migrator.connect();
  try {
    await migratePostgres(migrator);
  } finally {
    await migrator.end();
  }
  return scratch;
}

const idsOf = (candidates: readonly { entry: { id: string } }[]) => candidates.map((candidate) => candidate.entry.id);

describe("the PostgreSQL guide query's terms", () => {
  it('are matched as SQLite matches them: each a lexeme as it is, quotes dropped, an empty term left out', () => {
    const asked = (terms: readonly string[]) => {
      const parameters = bm25Terms(terms)!;
      return { ...parameters, asked: JSON.parse(parameters.asked) as unknown };
    };
    expect(asked(['misbrug', 'hjemløs'])).toEqual({
      terms: ['misbrug', 'hjemløs'],
      asked: [{ term: 'misbrug', lexeme: "'misbrug'" }, { term: 'hjemløs', lexeme: "'hjemløs'" }],
      match: "'misbrug' | 'hjemløs'",
    });
    expect(asked(['a"b', "it's", 'back\\slash', '"'])).toEqual({
      terms: ['ab', "it's", 'back\\slash'],
      asked: [{ term: 'ab', lexeme: "'ab'" }, { term: "it's", lexeme: "'it''s'" }, { term: 'back\\slash', lexeme: "'back\\\\slash'" }],
      match: "'ab' | 'it''s' | 'back\\\\slash'",
    });
    expect(bm25Terms([])).toBeNull();
    expect(bm25Terms(['""'])).toBeNull();
  });
});

for (const engine of postgresEnginesUnderTest()) {
  describe(`the guide's search on ${engine.label} against SQLite's, over the demo guide`, () => {
    let scratch: ScratchDatabase;
    let pool: PgPool;
    let db: Db;
    let store: Store;
    let sqlite: GuideRepository;
    let postgres: PgGuideRepository;

    beforeAll(async () => {
      scratch = await migratedScratchDatabase(engine);
      pool = openPgPool({ url: scratch.url, maxClients: 3, onIdleClientError: (error) => { throw error; } });
      db = await demoGuideDatabase();
      for (const [table, columns] of Object.entries(COPIED)) await copySqliteRows(db, pool, table, columns);
      await rebuildPgGuideIndex(pool);
      sqlite = new GuideRepository(db);
      store = createStore(db);
      postgres = new PgGuideRepository(pool);
    }, 60_000);

    afterAll(async () => {
      await store?.close();
      await pool?.end();
      await scratch?.drop();
    });

    it('indexes the same terms per entry version as SQLite (indexTerms, not PostgreSQL\'s parser)', async () => {
      const sqliteRows = db.prepare('SELECT rowid AS version_id, title, keywords, body FROM guide_search ORDER BY rowid').all();
      const postgresRows = await pool.query('SELECT version_id, title, keywords, body FROM guide_search_index ORDER BY version_id');
      expect(sqliteRows.length).toBeGreaterThan(40);
      expect(postgresRows).toEqual(sqliteRows);
    });

    it('has the same vocabulary: every term with the same number of entry versions holding it', async () => {
      const onSqlite = sqlite.vocabularyTerms();
      const onPostgres = await postgres.vocabularyTerms();
      expect(onPostgres.documents).toBe(onSqlite.documents);
      expect([...onPostgres.terms]).toEqual([...onSqlite.terms]); // in the same order, which the spelling correction's ties follow
      expect(onPostgres.list).toEqual(onSqlite.list);
      expect(await postgres.vocabularyTerms()).toBe(onPostgres); // cached while the index is unchanged
    });

    it('has the same synonyms, entries in force (in the same order) and entries by id', async () => {
      expect(await postgres.synonyms()).toEqual(sqlite.synonyms());
      for (const asOf of ['2024-06-01', '2025-03-01', QUERY_SET_DAY]) {
        expect((await postgres.inForce(asOf)).map((entry) => entry.id), asOf).toEqual(sqlite.inForce(asOf).map((entry) => entry.id));
        expect(await postgres.inForce(asOf)).toEqual(sqlite.inForce(asOf));
      }
      const someId = sqlite.inForce(QUERY_SET_DAY)[3]!.id;
      expect(await postgres.findById(someId, QUERY_SET_DAY)).toEqual(sqlite.findById(someId, QUERY_SET_DAY));
      expect(await postgres.findById('no-such-entry', QUERY_SET_DAY)).toBeNull();
    });

    it("orders entries by title as SQLite's NOCASE does: A–Z in either case alike, other letters by code point", async () => {
      const titles = ['Zeta', 'alfa', 'Ølstue', 'ådal', 'Beta', 'Æble'];
      const insert = `INSERT INTO guide_entry_versions (version_id, entry_id, title, body, keywords, source_from, valid_from, recorded_at)
                      VALUES (@id, @entry, @title, 'x', 'x', '2030-01-01', '2030-01-01', '2026-11-24T10:00:00.000Z')`;
      for (const [i, title] of titles.entries()) {
        const row = { id: 900_000 + i, entry: `order-${i}`, title };
        db.prepare(insert).run(row);
        await pool.run(insert, row);
      }
      const titlesOf = (entries: readonly GuideEntry[]) => entries.filter((entry) => entry.id.startsWith('order-')).map((entry) => entry.title);
      const onSqlite = titlesOf(sqlite.inForce('2030-06-01'));
      expect(onSqlite).toEqual(['alfa', 'Beta', 'Zeta', 'Æble', 'Ølstue', 'ådal']);
      expect(titlesOf(await postgres.inForce('2030-06-01'))).toEqual(onSqlite);
    });

    for (const set of SET_NAMES) {
      it(`gives every query of the ${set} set the same candidates with the same bm25 scores as FTS5`, async () => {
        const queries = loadQuerySet(set);
        const fts5Scores = db.prepare<{ match: string; asOf: string }, { version_id: number; bm25: number }>(
          `SELECT v.version_id, -bm25(guide_search, 4.0, 6.0, 1.0) AS bm25
             FROM guide_search s JOIN guide_entry_versions v ON v.version_id = s.rowid
            WHERE guide_search MATCH @match AND ${inForceOn('v')}`,
        );
        let compared = 0;
        let largest = 0;
        let sameOrder = 0;
        let worstDifference = 0;
        for (const query of queries) {
          const terms = await termsOf(sqlite, query);
          const asked = bm25Terms(terms);
          if (!asked) continue;
          const asOf = query.asOf ?? QUERY_SET_DAY;
          compared++;
          const onSqlite = sqlite.candidates(terms, asOf);
          const onPostgres = await postgres.candidates(terms, asOf);
          if (idsOf(onPostgres).join() === idsOf(onSqlite).join()) sameOrder++;
          // The demo guide has fewer entries than the 60 candidates, so the cut never applies: both sets are whole.
          expect(onSqlite.length, query.query).toBeLessThan(CANDIDATES);
          largest = Math.max(largest, onSqlite.length);
          expect(new Set(idsOf(onPostgres)), query.query).toEqual(new Set(idsOf(onSqlite)));
          expect(onPostgres.map((c) => c.indexed)).toEqual(expect.arrayContaining(onSqlite.map((c) => c.indexed)));
          // A cut that applies (5 here; 60 on a guide of more entries) keeps the same entries, best first.
          expect(idsOf(await postgres.candidates(terms, asOf, 5)), query.query).toEqual(idsOf(sqlite.candidates(terms, asOf, 5)));
          // Where a guide has more, the cut falls by these scores, which are FTS5's own to rounding.
          const match = asked.terms.map((term) => `"${term}"`).join(' OR ');
          const expected = new Map(fts5Scores.all({ match, asOf }).map((row) => [row.version_id, row.bm25]));
          const scored = await pool.query<{ version_id: number; bm25: number }>(bm25CandidatesSql(inForceOn('v')), { asked: asked.asked, match: asked.match, asOf, limit: 100_000 });
          expect(new Set(scored.map((row) => row.version_id))).toEqual(new Set(expected.keys()));
          for (const row of scored) {
            const difference = Math.abs(row.bm25 - expected.get(row.version_id)!);
            worstDifference = Math.max(worstDifference, difference);
            expect(difference, `${query.query}: version ${row.version_id}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(row.bm25)));
          }
        }
        console.log(
          `${set}: ${compared} of ${queries.length} queries compared, at most ${largest} candidates, ${sameOrder} in the same order, ` +
            `largest bm25 difference ${worstDifference.toExponential(1)}`,
        );
        expect(compared).toBe(queries.length);
      });
    }

    for (const set of SET_NAMES) {
      it(`keeps MRR@5 on the ${set} set within 0.02 of SQLite's (the same top five for every query), through the real searchGuide`, async () => {
        const queries = loadQuerySet(set);
        const onSqlite = await quality(store, queries);
        // The PostgreSQL repository plugs into the store's place as it is: the same methods, each a promise.
        const onPostgres = await quality({ ...store, guide: postgres }, queries);
        console.log(`${set}: MRR@${CUTOFF} SQLite ${onSqlite.mrr.toFixed(3)}, PostgreSQL ${onPostgres.mrr.toFixed(3)}`);
        expect(Math.abs(onPostgres.mrr - onSqlite.mrr)).toBeLessThanOrEqual(0.02);
        expect(onPostgres.tops).toEqual(onSqlite.tops);
      });
    }

    it('is rebuilt after a change: a superseded version leaves the index, its successor enters it, and the cache follows', async () => {
      const before = await postgres.vocabularyTerms();
      const [old] = await pool.query<{ version_id: number; entry_id: string }>(
        "SELECT version_id, entry_id FROM guide_entry_versions WHERE superseded_at IS NULL AND valid_to IS NULL ORDER BY version_id LIMIT 1",
      );
      const now = '2026-11-24T10:00:00.000Z';
      await pool.run('UPDATE guide_entry_versions SET superseded_at = @now WHERE version_id = @id', { now, id: old!.version_id });
      await pool.run(
        `INSERT INTO guide_entry_versions (version_id, entry_id, title, body, keywords, unit_id, url, source_from, valid_from, recorded_at)
         SELECT 1000000, entry_id, 'Zyxwortelund', body, keywords, unit_id, url, source_from, valid_from, @now FROM guide_entry_versions WHERE version_id = @id`,
        { now, id: old!.version_id },
      );
      await rebuildPgGuideIndex(pool);
      const indexed = await pool.query<{ version_id: number }>('SELECT version_id FROM guide_search_index WHERE version_id IN (@old, 1000000) ORDER BY version_id', { old: old!.version_id });
      expect(indexed).toEqual([{ version_id: 1000000 }]);
      const after = await postgres.vocabularyTerms();
      expect(after).not.toBe(before);
      expect(after.terms.get('zyxwortelund')).toBe(1);
      expect(idsOf(await postgres.candidates(['zyxwortelund'], QUERY_SET_DAY))).toEqual([old!.entry_id]);
      expect(await postgres.candidates([], QUERY_SET_DAY)).toEqual([]);
      expect(await postgres.candidates(['"', "it's", 'back\\slash'], QUERY_SET_DAY)).toEqual([]);
    });
  });
}
