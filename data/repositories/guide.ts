import { indexTerms } from '../../domain/text/normalise-danish.js';
import type { Db } from '../sqlite/db.js';
import { inForceOn } from '../validity/in-force.js';

export type GuideEntry = {
  id: string;
  title: string;
  body: string;
  keywords: readonly string[];
  unitId: string | null;
  url: string | null;
  validFrom: string;
  validTo: string | null;
};

/** An entry found by the full-text index, with its indexed (folded, stemmed) fields for scoring. */
export type GuideCandidate = { entry: GuideEntry; indexed: { title: string; keywords: string; body: string } };

/** One version of a synonym-lexicon row (guide_synonyms.csv): a word people type and what it means in the guide's words. */
export type GuideSynonym = { word: string; means: readonly string[]; validFrom: string; validTo: string | null };

/** A guide_entry_versions row as both engines' repositories read it. */
export type EntryRow = { entry_id: string; title: string; body: string; keywords: string; unit_id: string | null; url: string | null; valid_from: string; valid_to: string | null };

/**
 * Replaces the full-text index with the current versions of every guide entry (past, present and future: the
 * validity filter is applied when searching). Runs inside the guide import's transaction.
 */
export function rebuildGuideIndex(db: Db): void {
  const rows = db.prepare('SELECT version_id, title, keywords, body FROM guide_entry_versions WHERE superseded_at IS NULL').all() as {
    version_id: number;
    title: string;
    keywords: string;
    body: string;
  }[];
  const insert = db.prepare('INSERT INTO guide_search (rowid, title, keywords, body) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM guide_search');
    for (const row of rows) insert.run(row.version_id, indexTerms(row.title), indexTerms(row.keywords.replaceAll('|', ' ')), indexTerms(row.body));
  })();
}

/** The guide's entries and its full-text index (the search logic is in bot/guide). */
export class GuideRepository {
  private readonly candidatesStatement;
  private readonly byId;
  private readonly allInForce;
  private readonly terms;
  private readonly documents;
  private readonly indexVersion;
  private readonly synonymRows;
  private readonly synonymsVersion;
  private vocabulary: { version: number; terms: Map<string, number>; list: readonly string[]; documents: number } | null = null;
  private lexicon: { version: string; synonyms: readonly GuideSynonym[] } | null = null;

  constructor(db: Db) {
    this.candidatesStatement = db.prepare<{ match: string; asOf: string; limit: number }, EntryRow & { i_title: string; i_keywords: string; i_body: string }>(
      `SELECT v.entry_id, v.title, v.body, v.keywords, v.unit_id, v.url, v.valid_from, v.valid_to,
              s.title AS i_title, s.keywords AS i_keywords, s.body AS i_body
         FROM guide_search s JOIN guide_entry_versions v ON v.version_id = s.rowid
        WHERE guide_search MATCH @match AND ${inForceOn('v')}
        ORDER BY bm25(guide_search, 4.0, 6.0, 1.0) LIMIT @limit`,
    );
    this.byId = db.prepare<{ id: string; asOf: string }, EntryRow>(
      `SELECT v.entry_id, v.title, v.body, v.keywords, v.unit_id, v.url, v.valid_from, v.valid_to
         FROM guide_entry_versions v WHERE v.entry_id = @id AND ${inForceOn('v')} ORDER BY v.version_id DESC LIMIT 1`,
    );
    this.allInForce = db.prepare<{ asOf: string }, EntryRow>(
      `SELECT v.entry_id, v.title, v.body, v.keywords, v.unit_id, v.url, v.valid_from, v.valid_to
         FROM guide_entry_versions v WHERE ${inForceOn('v')} ORDER BY v.title COLLATE NOCASE`,
    );
    this.terms = db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM guide_terms');
    this.documents = db.prepare<[], number>('SELECT count(*) FROM guide_search').pluck();
    // Every change to the guide writes new version rows, so the newest indexed row id changes with the index.
    this.indexVersion = db.prepare<[], number | null>('SELECT max(rowid) FROM guide_search').pluck();
    this.synonymRows = db.prepare<[], { word: string; means: string; valid_from: string; valid_to: string | null }>(
      'SELECT word, means, valid_from, valid_to FROM guide_synonym_versions WHERE superseded_at IS NULL ORDER BY word, valid_from',
    );
    // Every change to the lexicon inserts a version or supersedes one (or both), so this changes with it.
    this.synonymsVersion = db.prepare<[], string>("SELECT coalesce(max(version_id), 0) || '/' || count(superseded_at) FROM guide_synonym_versions").pluck();
  }

  /** The index's terms with how many entry versions hold each, cached until the index is rebuilt (by any process). */
  vocabularyTerms(): { terms: ReadonlyMap<string, number>; list: readonly string[]; documents: number } {
    const version = this.indexVersion.get() ?? 0;
    if (!this.vocabulary || this.vocabulary.version !== version) {
      const terms = new Map(this.terms.all().map((row) => [row.term, row.doc]));
      this.vocabulary = { version, terms, list: [...terms.keys()], documents: this.documents.get() ?? 0 };
    }
    return this.vocabulary;
  }

  /**
   * The synonym lexicon's current versions (past, present and future: the search keeps those in force on its date),
   * cached until an import changes it (in any process). The same array is returned while nothing changed.
   */
  synonyms(): readonly GuideSynonym[] {
    const version = this.synonymsVersion.get() ?? '';
    if (!this.lexicon || this.lexicon.version !== version) {
      const synonyms = this.synonymRows.all().map((row) => ({ word: row.word, means: row.means.split('|'), validFrom: row.valid_from, validTo: row.valid_to }));
      this.lexicon = { version, synonyms };
    }
    return this.lexicon.synonyms;
  }

  /** Entries in force on the date whose index holds any of the terms (an FTS5 query of quoted terms). */
  candidates(terms: readonly string[], asOf: string, limit = 60): GuideCandidate[] {
    if (terms.length === 0) return [];
    const match = terms.map((term) => `"${term.replaceAll('"', '')}"`).join(' OR ');
    return this.candidatesStatement.all({ match, asOf, limit }).map((row) => ({
      entry: toEntry(row),
      indexed: { title: row.i_title, keywords: row.i_keywords, body: row.i_body },
    }));
  }

  /** Every entry in force on the date, by title. */
  inForce(asOf: string): GuideEntry[] {
    return this.allInForce.all({ asOf }).map(toEntry);
  }

  findById(id: string, asOf: string): GuideEntry | null {
    const row = this.byId.get({ id, asOf });
    return row ? toEntry(row) : null;
  }
}

export function toEntry(row: EntryRow): GuideEntry {
  return {
    id: row.entry_id,
    title: row.title,
    body: row.body,
    keywords: row.keywords.split('|'),
    unitId: row.unit_id,
    url: row.url,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}
