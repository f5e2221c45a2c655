import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import type { Reply } from '../chat/reply.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { entrySummary } from './entry-summary.js';
import { guideEntryCard } from './guide-card-data.js';
import { searchGuide } from './search-guide.js';

export type GuideExtensionItem = { entryId: string; title: string; snippet: string; card: Reply };

const EXTENSION_RESULTS = 10;

/**
 * The compose-box search: the guide's best matches for what has been typed so far, each with the full card that
 * is inserted when it is picked. An empty box (the extension just opened) lists the entries in force by title.
 */
export async function guideExtensionQuery(store: Store, query: string, locale: Locale, now: Date, skip = 0): Promise<GuideExtensionItem[]> {
  const asOf = copenhagenDate(now);
  const entries = query.trim() === '' ? await store.guide.inForce(asOf) : (await searchGuide(store, query, asOf, skip + EXTENSION_RESULTS)).map((hit) => hit.entry);
  return Promise.all(
    entries.slice(skip, skip + EXTENSION_RESULTS).map(async (entry) => ({ entryId: entry.id, title: entry.title, snippet: entrySummary(entry), card: await guideEntryCard(store, entry, locale, asOf) })),
  );
}

/** The card for an entry the user picked, read again so its contact data are current; null if it has gone. */
export async function guideExtensionSelect(store: Store, entryId: string, locale: Locale, now: Date): Promise<Reply | null> {
  const asOf = copenhagenDate(now);
  const entry = await store.guide.findById(entryId, asOf);
  return entry ? guideEntryCard(store, entry, locale, asOf) : null;
}
