import { indexTerms } from '../../../domain/text/normalise-danish.js';
import { toEntry, type EntryRow, type GuideCandidate, type GuideEntry, type GuideSynonym } from '../../repositories/guide.js';
import { inForceOn } from '../../validity/in-force.js';
import type { PgQueryable } from '../driver/pg-pool.js';
import { bm25CandidatesSql, bm25Terms } from './guide-bm25.js';


const ENTRY_COLUMNS = 'v.entry_id, v.title, v.body, v.keywords, v.unit_id, v.url, v.valid_from, v.valid_to';
const CANDIDATES_SQL = bm25CandidatesSql(inForceOn('v'));

/**
 * Makes guide_search_index hold the current versions of every guide entry (past, present and future: the validity
 * filter is applied when searching), with the terms indexTerms() gives, as rebuildGuideIndex does on SQLite. Run it
 * in the guide import's transaction; outside one, each of its two statements still leaves a whole index behind.
 */
export async function rebuildPgGuideIndex(q: PgQueryable): Promise<void> {
  const rows = await q.query<{ version_id: number; title: string; keywords: string; body: string }>(
    'SELECT version_id, title, keywords, body FROM guide_entry_versions WHERE superseded_at IS NULL',
  );
  const indexed = rows.map((row) => ({
    version_id: row.version_id,
    title: indexTerms(row.title),
    keywords: indexTerms(row.keywords.replaceAll('|', ' ')),
    body: indexTerms(row.body),
  }));
  await q.run(
    `INSERT INTO guide_search_index (version_id, title, keywords, body)
     SELECT version_id, title, keywords, body FROM json_to_recordset(@rows::json) AS r(version_id bigint, title text, keywords text, body text)
         ON CONFLICT (version_id) DO UPDATE SET title = excluded.title, keywords = excluded.keywords, body = excluded.body
      WHERE (guide_search_index.title, guide_search_index.keywords, guide_search_index.body) IS DISTINCT FROM (excluded.title, excluded.keywords, excluded.body)`,
    { rows: JSON.stringify(indexed) },
  );
  await q.run('DELETE FROM guide_search_index WHERE version_id NOT IN (SELECT value::bigint FROM json_array_elements_text(@ids::json))', {
    ids: JSON.stringify(rows.map((row) => row.version_id)),
  });
}

/**
 * The guide's entries and its search index on PostgreSQL: GuideRepository's methods and results (data/repositories/
 * guide.ts), each as a promise. Candidates are ranked by SQLite's own bm25 (guide-bm25.ts), so both engines hand the
 * same top entries to the scoring in bot/guide.
 */
export class PgGuideRepository {
  /**
   * Filled in place, never replaced: the store binds a copy of this repository to each unit of work or call
   * (data/postgres/frame-repositories.ts), and all of them share this one object.
   */
  private readonly cached: {
    vocabulary: { version: string; terms: Map<string, number>; list: readonly string[]; documents: number } | null;
    lexicon: { version: string; synonyms: readonly GuideSynonym[] } | null;
  } = { vocabulary: null, lexicon: null };

  constructor(private readonly q: PgQueryable) {}

  /** The index's terms with how many entry versions hold each, cached until the index is rebuilt (by any instance). */
  async vocabularyTerms(): Promise<{ terms: ReadonlyMap<string, number>; list: readonly string[]; documents: number }> {
    // A rebuild indexes new version rows or drops superseded ones, so the newest row id or the count changes with it.
    const [{ version }] = (await this.q.query<{ version: string }>(
      "SELECT coalesce(max(version_id), 0) || '/' || count(*) AS version FROM guide_search_index",
    )) as [{ version: string }];
    if (!this.cached.vocabulary || this.cached.vocabulary.version !== version) {
      const [rows, [counted]] = await Promise.all([
        // In fts5vocab's order (UTF-8 bytes): the spelling correction takes the first of equally near words.
        this.q.query<{ word: string; ndoc: number }>(`SELECT word, ndoc FROM ts_stat('SELECT document FROM guide_search_index') ORDER BY word COLLATE "C"`),
        this.q.query<{ documents: number }>('SELECT count(*) AS documents FROM guide_search_index'),
      ]);
      const terms = new Map(rows.map((row) => [row.word, row.ndoc]));
      this.cached.vocabulary = { version, terms, list: [...terms.keys()], documents: counted?.documents ?? 0 };
    }
    return this.cached.vocabulary;
  }

  /**
   * The synonym lexicon's current versions (past, present and future: the search keeps those in force on its date),
   * cached until an import changes it (in any instance). The same array is returned while nothing changed.
   */
  async synonyms(): Promise<readonly GuideSynonym[]> {
    // Every change to the lexicon inserts a version or supersedes one (or both), so this changes with it.
    const [{ version }] = (await this.q.query<{ version: string }>(
      "SELECT coalesce(max(version_id), 0) || '/' || count(superseded_at) AS version FROM guide_synonym_versions",
    )) as [{ version: string }];
    if (!this.cached.lexicon || this.cached.lexicon.version !== version) {
      const rows = await this.q.query<{ word: string; means: string; valid_from: string; valid_to: string | null }>(
        'SELECT word, means, valid_from, valid_to FROM guide_synonym_versions WHERE superseded_at IS NULL ORDER BY word, valid_from',
      );
      const synonyms = rows.map((row) => ({ word: row.word, means: row.means.split('|'), validFrom: row.valid_from, validTo: row.valid_to }));
      this.cached.lexicon = { version, synonyms };
    }
    return this.cached.lexicon.synonyms;
  }

  /** Entries in force on the date whose index holds any of the terms, best bm25 first (as FTS5's quoted terms match). */
  async candidates(terms: readonly string[], asOf: string, limit = 60): Promise<GuideCandidate[]> {
    const query = bm25Terms(terms);
    if (!query) return [];
    const rows = await this.q.query<EntryRow & { i_title: string; i_keywords: string; i_body: string }>(CANDIDATES_SQL, {
      asked: query.asked,
      match: query.match,
      asOf,
      limit,
    });
    return rows.map((row) => ({ entry: toEntry(row), indexed: { title: row.i_title, keywords: row.i_keywords, body: row.i_body } }));
  }

  /** Every entry in force on the date, by title (ASCII letters in either case alike, as SQLite's NOCASE). */
  async inForce(asOf: string): Promise<GuideEntry[]> {
    // lower() under the C collation folds A–Z only, which is NOCASE exactly, whatever the database's own locale.
    const rows = await this.q.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM guide_entry_versions v WHERE ${inForceOn('v')} ORDER BY lower(v.title COLLATE "C"), v.version_id`,
      { asOf },
    );
    return rows.map(toEntry);
  }

  async findById(id: string, asOf: string): Promise<GuideEntry | null> {
    const [row] = await this.q.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM guide_entry_versions v WHERE v.entry_id = @id AND ${inForceOn('v')} ORDER BY v.version_id DESC LIMIT 1`,
      { id, asOf },
    );
    return row ? toEntry(row) : null;
  }
}
