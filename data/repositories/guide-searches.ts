import type { Sql } from '../sql/sql.js';

export type GuideSearchSource = 'command' | 'fallback';
export type AskerAdministration = 'BIF' | 'SOF' | 'other';

/** One search as it is kept: the query already stripped of CPR numbers and names (bot/guide/loggable-query.ts). */
export type GuideSearchRecord = {
  source: GuideSearchSource;
  query: string;
  queryFolded: string;
  administration: AskerAdministration;
  hits: number;
  shownEntryIds: readonly string[];
};

export type QueryCount = { query: string; searches: number };
export type EntryCount = { entryId: string; opened: number };

export type GuideSearchReport = {
  searches: number;
  withoutResult: number;
  notOpened: number;
  byAdministration: Record<AskerAdministration, number>;
  topWithoutResult: QueryCount[];
  topNotOpened: QueryCount[];
  mostOpened: EntryCount[];
};

export const REPORT_TOP = 15;
const DAY_MS = 24 * 60 * 60 * 1000;

const INSERT_SEARCH = `INSERT INTO guide_searches (searched_at, source, query, query_folded, administration, hits)
  VALUES (@at, @source, @query, @queryFolded, @administration, @hits) RETURNING search_id`;
const INSERT_RESULT = 'INSERT INTO guide_search_results (search_id, entry_id, position) VALUES (@searchId, @entryId, @position) ON CONFLICT DO NOTHING';
const PRUNE = 'DELETE FROM guide_searches WHERE searched_at < @before';
const NEXT_POSITION = 'SELECT coalesce(max(position), 0) + 1 AS position FROM guide_search_results WHERE search_id = @searchId';
const OPEN = 'UPDATE guide_search_results SET opened_at = @at WHERE search_id = @searchId AND entry_id = @entryId AND opened_at IS NULL';
const PERIOD = 'searched_at >= @from AND searched_at <= @to';
const OPENED = 'EXISTS (SELECT 1 FROM guide_search_results r WHERE r.search_id = s.search_id AND r.opened_at IS NOT NULL)';
const TOTALS = `SELECT count(*) AS searches, coalesce(sum(CASE WHEN hits = 0 THEN 1 ELSE 0 END), 0) AS without_result,
       coalesce(sum(CASE WHEN hits > 0 AND NOT ${OPENED} THEN 1 ELSE 0 END), 0) AS not_opened
  FROM guide_searches s WHERE ${PERIOD}`;
const PER_ADMINISTRATION = `SELECT administration, count(*) AS searches FROM guide_searches WHERE ${PERIOD} GROUP BY administration`;
const grouped = (where: string) => `SELECT min(query) AS query, count(*) AS searches FROM guide_searches s
  WHERE ${PERIOD} AND ${where} GROUP BY query_folded ORDER BY searches DESC, query_folded LIMIT @top`;
const WITHOUT_RESULT = grouped('hits = 0');
const NOT_OPENED = grouped(`hits > 0 AND NOT ${OPENED}`);
// Quoted: PostgreSQL folds an unquoted alias to lower case.
const MOST_OPENED = `SELECT r.entry_id AS "entryId", count(*) AS opened FROM guide_search_results r JOIN guide_searches s USING (search_id)
  WHERE ${PERIOD.replaceAll('searched_at', 's.searched_at')} AND r.opened_at IS NOT NULL
  GROUP BY r.entry_id ORDER BY opened DESC, r.entry_id LIMIT @top`;

/** The guide's search log: written by every chat search, read by the specialist unit's report. */
export class GuideSearchRepository {
  constructor(private readonly sql: Sql) {}

  /** Stores a search and the entries it showed; first deletes what is older than the retention period. */
  async record(search: GuideSearchRecord, now: Date, retentionDays: number): Promise<number> {
    return this.sql.atomic(async (sql) => {
      await sql.run(PRUNE, { before: new Date(now.getTime() - retentionDays * DAY_MS).toISOString() });
      const { source, query, queryFolded, administration, hits } = search;
      const { search_id: searchId } = (await sql.get<{ search_id: number }>(INSERT_SEARCH, { at: now.toISOString(), source, query, queryFolded, administration, hits }))!;
      for (const [index, entryId] of search.shownEntryIds.entries()) await sql.run(INSERT_RESULT, { searchId, entryId, position: index + 1 });
      return searchId;
    });
  }

  /** "Vis flere": the further entries the same search showed (an entry already shown keeps its place). */
  async addShown(searchId: number, entryIds: readonly string[]): Promise<void> {
    await this.sql.atomic(async (sql) => {
      let position = (await sql.get<{ position: number }>(NEXT_POSITION, { searchId }))!.position;
      for (const entryId of entryIds) if ((await sql.run(INSERT_RESULT, { searchId, entryId, position })).changes === 1) position++;
    });
  }

  /**
   * "Vis hele": the entry was opened from this search's results. Only an entry the search showed is marked (a
   * forged pair changes nothing); true when it was marked now.
   */
  async markOpened(searchId: number, entryId: string, now: Date): Promise<boolean> {
    return (await this.sql.run(OPEN, { at: now.toISOString(), searchId, entryId })).changes === 1;
  }

  /** The report over searches made from `from` to `to`, both included. */
  async report(from: Date, to: Date, top = REPORT_TOP): Promise<GuideSearchReport> {
    const period = { from: from.toISOString(), to: to.toISOString() };
    const totals = (await this.sql.get<{ searches: number; without_result: number; not_opened: number }>(TOTALS, period))!;
    const byAdministration: Record<AskerAdministration, number> = { BIF: 0, SOF: 0, other: 0 };
    for (const row of await this.sql.all<{ administration: AskerAdministration; searches: number }>(PER_ADMINISTRATION, period)) {
      byAdministration[row.administration] = row.searches;
    }
    return {
      searches: totals.searches,
      withoutResult: totals.without_result,
      notOpened: totals.not_opened,
      byAdministration,
      topWithoutResult: await this.sql.all<QueryCount>(WITHOUT_RESULT, { ...period, top }),
      topNotOpened: await this.sql.all<QueryCount>(NOT_OPENED, { ...period, top }),
      mostOpened: await this.sql.all<EntryCount>(MOST_OPENED, { ...period, top }),
    };
  }
}
