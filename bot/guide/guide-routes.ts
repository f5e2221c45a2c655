import { z } from 'zod';
import { defineCardAction } from '../chat/card-action-route.js';
import { cardId } from '../chat/card-id.js';
import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { text, type Reply } from '../chat/reply.js';
import { copenhagenDate, type IsoDate } from '../dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { parseAsOf } from '../lookup/parse-as-of.js';
import { echoedQuery, FIRST_PAGE, guideResultsCard, MAX_SHOWN, PAGE_STEP } from './guide-card-data.js';
import { namesAPerson } from './person-name.js';
import { searchGuide } from './search-guide.js';

const GUIDE_COMMAND = /^(?:vejviser|vejviseren|guide)(?:\s+(.*))?$/is;

/** `vejviser <ord> [pr. <dato>]`: the guide's best matches. */
export const guideRoute: ChatRoute = {
  name: 'guide',
  matches: (request) => GUIDE_COMMAND.test(request.text),
  handle: (request, context) => {
    const question = (GUIDE_COMMAND.exec(request.text)![1] ?? '').trim();
    if (question === '') return [text(messages(request.locale).guide.askWhat)];
    return answerFromGuide(question, request, context, { explicit: true });
  },
};

/** Anything that is not another command is taken as a question for the guide; no match gives the general hint. */
export const guideFallbackRoute: ChatRoute = {
  name: 'guide-fallback',
  matches: () => true,
  handle: (request, context) => answerFromGuide(request.text, request, context, { explicit: false }),
};

function answerFromGuide(question: string, request: ChatRequest, context: ChatContext, options: { explicit: boolean }): Reply[] {
  const m = messages(request.locale);
  const asOf = parseAsOf(question);
  if (asOf.kind === 'bad-date') return [text(asOf.reason === 'no-such-date' ? m.dates.noSuchDate(asOf.text) : m.dates.badDate(asOf.text))];
  const date = asOf.kind === 'date' ? asOf.date : copenhagenDate(request.now);
  const query = asOf.rest.trim();
  const hits = searchGuide(context.store, query, date, FIRST_PAGE + 1);
  const personHint = namesAPerson(query, context.store.guide.vocabularyTerms().terms) ? [text(m.guide.personHint)] : [];
  context.log.info({ route: options.explicit ? 'guide' : 'guide-fallback', hits: hits.length, personHint: personHint.length > 0 }, 'guide searched');
  if (hits.length === 0) return personHint.length > 0 ? personHint : [text(options.explicit ? m.guide.noResults(echoedQuery(query).slice(0, 80)) : m.common.notUnderstood)];
  const entries = hits.slice(0, FIRST_PAGE).map((hit) => hit.entry);
  return [...personHint, guideResultsCard(context.store, { query, asOf: date, asOfGiven: asOf.kind === 'date', entries, hasMore: hits.length > FIRST_PAGE, replace: false }, request.locale)];
}

const moreData = z.object({
  query: z.string().min(1).max(500),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  shown: cardId.pipe(z.number().max(MAX_SHOWN)),
});

/** "Vis flere": the same search, a few more results, replacing the card that was pressed. */
export const showMoreGuideResults = defineCardAction({
  verb: 'guide.more',
  schema: moreData,
  handle: ({ query, asOf, shown }, request, context) => {
    const wanted = Math.min(shown + PAGE_STEP, MAX_SHOWN);
    const hits = searchGuide(context.store, query, asOf, wanted + 1);
    const entries = hits.slice(0, wanted).map((hit) => hit.entry);
    const asOfGiven = asOf !== copenhagenDate(request.now);
    return [guideResultsCard(context.store, { query, asOf: asOf as IsoDate, asOfGiven, entries, hasMore: hits.length > wanted && wanted < MAX_SHOWN, replace: true }, request.locale)];
  },
});
