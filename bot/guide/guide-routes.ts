import { z } from 'zod';
import type { GuideSearchSource } from '../../data/repositories/guide-searches.js';
import { defineCardAction } from '../chat/card-action-route.js';
import { cardId, optionalCardId } from '../chat/card-id.js';
import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { text, type Reply } from '../chat/reply.js';
import { copenhagenDate, type IsoDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { parseAsOf } from '../lookup/parse-as-of.js';
import { echoedQuery, FIRST_PAGE, guideEntryCard, guideResultsCard, MAX_SHOWN, PAGE_STEP } from './guide-card-data.js';
import { logGuideSearch, logQuietly, type GuideSearchLogSettings } from './log-guide-search.js';
import { namesAPerson } from './person-name.js';
import { searchGuide } from './search-guide.js';

const GUIDE_COMMAND = /^(?:vejviser|vejviseren|guide)(?:\s+(.*))?$/is;
/** Every hit is counted for the search log, not only the page shown. */
const ALL_HITS = Number.MAX_SAFE_INTEGER;

/** `vejviser <ord> [pr. <dato>]`: the guide's best matches. */
export function guideRoute(settings: GuideSearchLogSettings): ChatRoute {
  return {
    name: 'guide',
    matches: (request) => GUIDE_COMMAND.test(request.text),
    handle: (request, context) => {
      const question = (GUIDE_COMMAND.exec(request.text)![1] ?? '').trim();
      if (question === '') return [text(messages(request.locale).guide.askWhat)];
      return answerFromGuide(question, request, context, 'command', settings);
    },
  };
}

/** Anything that is not another command is taken as a question for the guide; no match gives the general hint. */
export function guideFallbackRoute(settings: GuideSearchLogSettings): ChatRoute {
  return {
    name: 'guide-fallback',
    matches: () => true,
    handle: (request, context) => answerFromGuide(request.text, request, context, 'fallback', settings),
  };
}

async function answerFromGuide(question: string, request: ChatRequest, context: ChatContext, source: GuideSearchSource, settings: GuideSearchLogSettings): Promise<Reply[]> {
  const m = messages(request.locale);
  const asOf = parseAsOf(question);
  if (asOf.kind === 'bad-date') return [text(asOf.reason === 'no-such-date' ? m.dates.noSuchDate(asOf.text) : m.dates.badDate(asOf.text))];
  const date = asOf.kind === 'date' ? asOf.date : copenhagenDate(request.now);
  const query = asOf.rest.trim();
  const hits = await searchGuide(context.store, query, date, ALL_HITS);
  const entries = hits.slice(0, FIRST_PAGE).map((hit) => hit.entry);
  const guideTerms = (await context.store.guide.vocabularyTerms()).terms;
  const searchId = await logGuideSearch(context, request, { source, query, guideTerms, hits: hits.length, shownEntryIds: entries.map((entry) => entry.id) }, settings);
  const personHint = namesAPerson(query, guideTerms) ? [text(m.guide.personHint)] : [];
  context.log.info({ route: source === 'command' ? 'guide' : 'guide-fallback', hits: hits.length, personHint: personHint.length > 0 }, 'guide searched');
  if (hits.length === 0) return personHint.length > 0 ? personHint : [text(source === 'command' ? m.guide.noResults(echoedQuery(query).slice(0, 80)) : m.common.notUnderstood)];
  return [...personHint, await guideResultsCard(context.store, { query, asOf: date, asOfGiven: asOf.kind === 'date', entries, hasMore: hits.length > FIRST_PAGE, replace: false, searchId }, request.locale)];
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const moreData = z.object({
  query: z.string().min(1).max(500),
  asOf: isoDate,
  shown: cardId.pipe(z.number().max(MAX_SHOWN)),
  searchId: optionalCardId,
});

/** "Vis flere": the same search, a few more results, replacing the card that was pressed. Not an opening. */
export const showMoreGuideResults = defineCardAction({
  verb: 'guide.more',
  schema: moreData,
  handle: async ({ query, asOf, shown, searchId }, request, context) => {
    const wanted = Math.min(shown + PAGE_STEP, MAX_SHOWN);
    const hits = await searchGuide(context.store, query, asOf, wanted + 1);
    const entries = hits.slice(0, wanted).map((hit) => hit.entry);
    if (searchId !== undefined) await logQuietly(context, 'guide results shown by "Vis flere"', () => context.store.guideSearches.addShown(searchId, entries.map((entry) => entry.id)));
    const asOfGiven = asOf !== copenhagenDate(request.now);
    return [
      await guideResultsCard(context.store, { query, asOf: asOf as IsoDate, asOfGiven, entries, hasMore: hits.length > wanted && wanted < MAX_SHOWN, replace: true, searchId: searchId ?? null }, request.locale),
    ];
  },
});

const openData = z.object({
  entryId: z.string().min(1).max(100),
  asOf: isoDate,
  searchId: optionalCardId,
});

/**
 * "Vis hele": the entry's full card, as the message extension inserts it, and the search's answer counts as opened.
 * The card comes as a new message after a short answer to the press, so the results card stays as it was.
 */
export const openGuideEntry = defineCardAction({
  verb: 'guide.open',
  schema: openData,
  handle: async ({ entryId, asOf, searchId }, request, context) => {
    const entry = await context.store.guide.findById(entryId, asOf);
    if (!entry) return [text(messages(request.locale).guide.entryGone)];
    if (searchId !== undefined) await logQuietly(context, 'guide entry opening', () => context.store.guideSearches.markOpened(searchId, entry.id, request.now));
    return [text(messages(request.locale).guideSearches.entryBelow(entry.title)), await guideEntryCard(context.store, entry, request.locale, asOf)];
  },
});
