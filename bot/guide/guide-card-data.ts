import type { GuideEntry } from '../../data/repositories/guide.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { card, replaceCard, type Reply } from '../chat/reply.js';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';
import { formatDate } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { entrySummary } from './entry-summary.js';
import { unitContactActions, type ContactAction } from '../contact/contact-actions.js';
import { formatPhone } from '../../domain/phone/normalise-phone.js';

export const FIRST_PAGE = 3;
export const PAGE_STEP = 3;
export const MAX_SHOWN = 12;

type EntryView = { id: string; title: string; snippet: string; body: string; contact: string | null; facts: { title: string; value: string }[]; actions: ContactAction[]; validity: string | null };

/** An entry as cards show it: the unit's contact data are read live from the organisation on the date asked. */
export async function entryView(store: Store, entry: GuideEntry, locale: Locale, asOf: string): Promise<EntryView> {
  const m = messages(locale);
  const unit = entry.unitId ? await store.units.findById(entry.unitId, asOf) : null;
  const facts: EntryView['facts'] = [];
  if (unit?.phone) facts.push({ title: m.lookup.call, value: formatPhone(unit.phone) });
  if (unit?.email) facts.push({ title: m.lookup.mail, value: unit.email });
  const actions = unit ? unitContactActions(unit, m) : [];
  if (entry.url) actions.push({ title: m.guide.readMore, url: entry.url });
  return {
    id: entry.id,
    title: entry.title,
    snippet: entrySummary(entry),
    body: entry.body,
    contact: unit ? m.guide.contact(unit.name) : entry.unitId ? m.guide.unitGone : null,
    facts,
    actions,
    validity: entry.validTo ? m.guide.validUntil(formatDate(entry.validTo, locale)) : null,
  };
}

/**
 * The results card; `more` carries what the "vis flere" button needs to show the next few, and each result's
 * "Vis hele" the entry and the logged search it came from (`searchId` "" when the search could not be logged).
 * The query is echoed with any CPR number masked, in the title and in the button's data alike (a card is seen by
 * the whole chat).
 */
export async function guideResultsCard(
  store: Store,
  search: { query: string; asOf: string; asOfGiven: boolean; entries: readonly GuideEntry[]; hasMore: boolean; replace: boolean; searchId: number | null },
  locale: Locale,
): Promise<Reply> {
  const m = messages(locale);
  const query = echoedQuery(search.query);
  const searchId = search.searchId ?? '';
  const data = {
    lang: locale,
    title: m.guide.resultsTitle(query.slice(0, 80)),
    asOfText: search.asOfGiven ? m.guide.asOf(formatDate(search.asOf, locale)) : null,
    results: await Promise.all(
      search.entries.map(async (entry) => ({
        ...(await entryView(store, entry, locale, search.asOf)),
        open: { title: m.guideSearches.open, data: { entryId: entry.id, asOf: search.asOf, searchId } },
      })),
    ),
    more: search.hasMore ? { title: m.guide.more, data: { query, asOf: search.asOf, shown: search.entries.length, searchId } } : null,
  };
  return search.replace ? replaceCard('guide-results', data) : card('guide-results', data);
}

/** A query as the guide repeats it to the user: CPR numbers masked before it is cut, so no cut can hide one. */
export function echoedQuery(query: string): string {
  return redactCprInText(query);
}

/** One entry in full: what the message extension inserts into a chat. */
export async function guideEntryCard(store: Store, entry: GuideEntry, locale: Locale, asOf: string): Promise<Reply> {
  return card('guide-entry', { lang: locale, ...await entryView(store, entry, locale, asOf) });
}
