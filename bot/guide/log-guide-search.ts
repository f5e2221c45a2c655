import type { AskerAdministration, GuideSearchSource } from '../../data/repositories/guide-searches.js';
import type { ChatContext } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { foldedQuery, loggableQuery } from './loggable-query.js';

export const DEFAULT_GUIDE_SEARCH_LOG_DAYS = 90;

export type GuideSearchLogSettings = { retentionDays: number };

/**
 * Records a chat search for the specialist unit's report: the question without CPR numbers and names, the asker's
 * administration (never who asked), the number of hits and the entries shown. Returns the search's id for the
 * card's "Vis hele" and "Vis flere", or null when it could not be written: the log must never cost an answer.
 */
export async function logGuideSearch(
  context: ChatContext,
  request: ChatRequest,
  search: { source: GuideSearchSource; query: string; guideTerms: ReadonlyMap<string, number>; hits: number; shownEntryIds: readonly string[] },
  settings: GuideSearchLogSettings,
): Promise<number | null> {
  try {
    const query = loggableQuery(search.query, search.guideTerms);
    const record = { source: search.source, query, queryFolded: foldedQuery(query), administration: await administrationOf(context), hits: search.hits, shownEntryIds: search.shownEntryIds };
    return await context.store.guideSearches.record(record, request.now, settings.retentionDays);
  } catch (error) {
    context.log.warn({ err: error }, 'guide search not logged; the answer is sent all the same');
    return null;
  }
}

/** Logging that must not break what the user asked for (the entries "Vis flere" added, an opening). */
export async function logQuietly(context: ChatContext, what: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    context.log.warn({ err: error }, `${what} not logged; the answer is sent all the same`);
  }
}

async function administrationOf(context: ChatContext): Promise<AskerAdministration> {
  const administration = (await context.asker())?.administration;
  return administration === 'BIF' || administration === 'SOF' ? administration : 'other';
}
