import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { searchGuide } from '../../bot/guide/search-guide.js';
import { projectFile } from '../../bot/paths/project-root.js';
import type { Store } from '../../data/store/store.js';
import { worldStore } from '../support/world.js';

/** The day the query set was written; a query without its own date is asked as of this day. */
export const QUERY_SET_DAY = '2026-11-23';
export const CUTOFF = 5;

const kinds = [
  'plain', 'misspelling', 'inflection', 'synonym', 'ascii', 'dated',
  'colloquial', 'compound', 'question', 'abbreviation', 'mixed',
] as const;

const guideQuery = z.object({
  query: z.string().min(1),
  /** The entry that answers it, or every entry that does (a hit is any of them). */
  expect: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  kind: z.enum(kinds),
});

/** The first set is a bare list; the later ones say who wrote them and by what rule. */
const querySetFile = z.union([
  z.array(guideQuery),
  z.object({ note: z.string().min(1), queries: z.array(guideQuery) }).transform((file) => file.queries),
]);

export type GuideQuery = z.infer<typeof guideQuery>;
export type QueryOutcome = GuideQuery & { rank: number | null; top: string[] };

/**
 * first: written with the content; hard: written blind afterwards, in caseworkers' own words; holdout: written blind
 * again while the search was being tuned to the hard set, so it measures what that tuning did for unseen questions.
 */
export const QUERY_SETS = {
  first: 'guide-queries.json',
  hard: 'guide-queries-hard.json',
  holdout: 'guide-queries-holdout.json',
} as const;
export type QuerySetName = keyof typeof QUERY_SETS;

export function loadQuerySet(name: QuerySetName = 'first'): GuideQuery[] {
  return querySetFile.parse(JSON.parse(readFileSync(projectFile('test', 'guide', QUERY_SETS[name]), 'utf8')));
}

export function expectedIds(query: GuideQuery): string[] {
  return typeof query.expect === 'string' ? [query.expect] : query.expect;
}

/**
 * The demo organisation and the real guide content (data/demo), imported through the real importer, on the engine
 * under test (test/support/world.ts worldStore: SQLite in memory, or PostgreSQL with TEST_STORE_ENGINE=postgres).
 */
export async function demoGuideStore(): Promise<Store> {
  return worldStore(demoFiles(), new Date(`${QUERY_SET_DAY}T10:00:00Z`));
}

function demoFiles(): Record<string, string> {
  const folder = projectFile('data', 'demo');
  return Object.fromEntries(readdirSync(folder).filter((name) => name.endsWith('.csv')).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

/** Runs every query; rank is the first expected entry's 1-based place in the top CUTOFF, or null when none is there. */
export async function evaluate(store: Store, queries: readonly GuideQuery[]): Promise<{ outcomes: QueryOutcome[]; mrr: number; recall: number }> {
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const top = (await searchGuide(store, query.query, query.asOf ?? QUERY_SET_DAY, CUTOFF)).map((hit) => hit.entry.id);
    const expected = expectedIds(query);
    const index = top.findIndex((id) => expected.includes(id));
    outcomes.push({ ...query, top, rank: index === -1 ? null : index + 1 });
  }
  const mrr = outcomes.reduce((sum, outcome) => sum + (outcome.rank ? 1 / outcome.rank : 0), 0) / outcomes.length;
  const recall = outcomes.filter((outcome) => outcome.rank !== null).length / outcomes.length;
  return { outcomes, mrr, recall };
}

/**
 * What keeps a blind query set honest: at least 40 distinct questions over at least 30 entries, each expecting
 * entries in force on the date it is asked. Returns what is wrong, empty when nothing is.
 */
export async function querySetProblems(store: Store, queries: readonly GuideQuery[]): Promise<string[]> {
  const problems: string[] = [];
  if (queries.length < 40) problems.push(`only ${queries.length} questions`);
  if (new Set(queries.map((query) => query.query)).size !== queries.length) problems.push('a question is asked twice');
  const entries = new Set(queries.flatMap(expectedIds)).size;
  if (entries < 30) problems.push(`only ${entries} entries expected`);
  for (const query of queries) {
    for (const id of expectedIds(query)) {
      if (!await store.guide.findById(id, query.asOf ?? QUERY_SET_DAY)) problems.push(`${query.query} → ${id}: not in force`);
    }
  }
  return problems;
}
