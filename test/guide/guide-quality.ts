import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { searchGuide } from '../../bot/guide/search-guide.js';
import { projectFile } from '../../bot/project-root.js';
import { importFolder } from '../../data/import/import-folder.js';
import { openDatabase } from '../../data/store/open-database.js';
import { createStore, type Store } from '../../data/store/store.js';

/** The day the query set was written; a query without its own date is asked as of this day. */
export const QUERY_SET_DAY = '2026-11-23';
export const CUTOFF = 5;

const querySet = z.array(
  z.object({
    query: z.string().min(1),
    expect: z.string().min(1),
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    kind: z.enum(['plain', 'misspelling', 'inflection', 'synonym', 'ascii', 'dated']),
  }),
);

export type GuideQuery = z.infer<typeof querySet>[number];
export type QueryOutcome = GuideQuery & { rank: number | null; top: string[] };

export function loadQuerySet(): GuideQuery[] {
  return querySet.parse(JSON.parse(readFileSync(projectFile('test', 'guide', 'guide-queries.json'), 'utf8')));
}

/** The demo organisation and the real guide content (data/demo), imported through the real importer. */
export async function demoGuideStore(): Promise<Store> {
  const db = openDatabase(':memory:');
  const report = await importFolder(db, projectFile('data', 'demo'), { now: new Date(`${QUERY_SET_DAY}T10:00:00Z`) });
  if (!report.ok) throw new Error(report.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`).join('\n'));
  return createStore(db);
}

/** Runs every query; rank is the expected entry's 1-based place in the top CUTOFF, or null when it is not there. */
export function evaluate(store: Store, queries: readonly GuideQuery[]): { outcomes: QueryOutcome[]; mrr: number; recall: number } {
  const outcomes = queries.map((query) => {
    const top = searchGuide(store, query.query, query.asOf ?? QUERY_SET_DAY, CUTOFF).map((hit) => hit.entry.id);
    const index = top.indexOf(query.expect);
    return { ...query, top, rank: index === -1 ? null : index + 1 };
  });
  const mrr = outcomes.reduce((sum, outcome) => sum + (outcome.rank ? 1 / outcome.rank : 0), 0) / outcomes.length;
  const recall = outcomes.filter((outcome) => outcome.rank !== null).length / outcomes.length;
  return { outcomes, mrr, recall };
}
