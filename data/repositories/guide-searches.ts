import type { Db } from '../store/open-database.js';

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

/** The guide's search log: written by every chat search, read by the specialist unit's report. */
export class GuideSearchRepository {
  private readonly insertSearch;
  private readonly insertResult;
  private readonly prune;
  private readonly nextPosition;
  private readonly open;
  private readonly totals;
  private readonly perAdministration;
  private readonly withoutResult;
  private readonly notOpened;
  private readonly mostOpened;

  constructor(private readonly db: Db) {
    this.insertSearch = db.prepare<[string, string, string, string, string, number]>(
      'INSERT INTO guide_searches (searched_at, source, query, query_folded, administration, hits) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertResult = db.prepare<[number, string, number]>('INSERT OR IGNORE INTO guide_search_results (search_id, entry_id, position) VALUES (?, ?, ?)');
    this.prune = db.prepare<[string]>('DELETE FROM guide_searches WHERE searched_at < ?');
    this.nextPosition = db.prepare<[number]>('SELECT coalesce(max(position), 0) + 1 FROM guide_search_results WHERE search_id = ?').pluck();
    this.open = db.prepare<[string, number, string]>('UPDATE guide_search_results SET opened_at = ? WHERE search_id = ? AND entry_id = ? AND opened_at IS NULL');
    const period = 'searched_at >= @from AND searched_at <= @to';
    const opened = 'EXISTS (SELECT 1 FROM guide_search_results r WHERE r.search_id = s.search_id AND r.opened_at IS NOT NULL)';
    this.totals = db.prepare<{ from: string; to: string }, { searches: number; without_result: number; not_opened: number }>(
      `SELECT count(*) AS searches, coalesce(sum(hits = 0), 0) AS without_result, coalesce(sum(hits > 0 AND NOT ${opened}), 0) AS not_opened
         FROM guide_searches s WHERE ${period}`,
    );
    this.perAdministration = db.prepare<{ from: string; to: string }, { administration: AskerAdministration; searches: number }>(
      `SELECT administration, count(*) AS searches FROM guide_searches WHERE ${period} GROUP BY administration`,
    );
    const grouped = (where: string) =>
      db.prepare<{ from: string; to: string; top: number }, QueryCount>(
        `SELECT min(query) AS query, count(*) AS searches FROM guide_searches s
          WHERE ${period} AND ${where} GROUP BY query_folded ORDER BY searches DESC, query_folded LIMIT @top`,
      );
    this.withoutResult = grouped('hits = 0');
    this.notOpened = grouped(`hits > 0 AND NOT ${opened}`);
    this.mostOpened = db.prepare<{ from: string; to: string; top: number }, EntryCount>(
      `SELECT r.entry_id AS entryId, count(*) AS opened FROM guide_search_results r JOIN guide_searches s USING (search_id)
        WHERE ${period.replaceAll('searched_at', 's.searched_at')} AND r.opened_at IS NOT NULL
        GROUP BY r.entry_id ORDER BY opened DESC, r.entry_id LIMIT @top`,
    );
  }

  /** Stores a search and the entries it showed; first deletes what is older than the retention period. */
  record(search: GuideSearchRecord, now: Date, retentionDays: number): number {
    return this.db.transaction(() => {
      this.prune.run(new Date(now.getTime() - retentionDays * DAY_MS).toISOString());
      const id = Number(this.insertSearch.run(now.toISOString(), search.source, search.query, search.queryFolded, search.administration, search.hits).lastInsertRowid);
      search.shownEntryIds.forEach((entryId, index) => this.insertResult.run(id, entryId, index + 1));
      return id;
    })();
  }

  /** "Vis flere": the further entries the same search showed (an entry already shown keeps its place). */
  addShown(searchId: number, entryIds: readonly string[]): void {
    this.db.transaction(() => {
      let position = this.nextPosition.get(searchId) as number;
      for (const entryId of entryIds) if (this.insertResult.run(searchId, entryId, position).changes === 1) position++;
    })();
  }

  /**
   * "Vis hele": the entry was opened from this search's results. Only an entry the search showed is marked (a
   * forged pair changes nothing); true when it was marked now.
   */
  markOpened(searchId: number, entryId: string, now: Date): boolean {
    return this.open.run(now.toISOString(), searchId, entryId).changes === 1;
  }

  /** The report over searches made from `from` to `to`, both included. */
  report(from: Date, to: Date, top = REPORT_TOP): GuideSearchReport {
    const period = { from: from.toISOString(), to: to.toISOString() };
    const totals = this.totals.get(period)!;
    const byAdministration: Record<AskerAdministration, number> = { BIF: 0, SOF: 0, other: 0 };
    for (const row of this.perAdministration.all(period)) byAdministration[row.administration] = row.searches;
    return {
      searches: totals.searches,
      withoutResult: totals.without_result,
      notOpened: totals.not_opened,
      byAdministration,
      topWithoutResult: this.withoutResult.all({ ...period, top }),
      topNotOpened: this.notOpened.all({ ...period, top }),
      mostOpened: this.mostOpened.all({ ...period, top }),
    };
  }
}
