import type { Activity, InvokeResponse, MessagingExtensionAttachment, MessagingExtensionResponse } from 'botbuilder';
import { z } from 'zod';
import { renderCard } from '../../cards/render-card.js';
import type { Store } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import type { Reply } from '../chat/reply.js';
import { guideExtensionQuery, guideExtensionSelect } from '../guide/guide-extension.js';
import { messages } from '../i18n/messages.js';

/** The search command declared in manifest/manifest.json's composeExtensions. */
export const GUIDE_SEARCH_COMMAND = 'searchGuide';

const queryValue = z.object({
  commandId: z.string(),
  parameters: z.array(z.object({ name: z.string(), value: z.unknown().optional() })).optional(),
  queryOptions: z.object({ skip: z.number().int().min(0).max(1000).optional(), count: z.number().int().optional() }).optional(),
});

const selectValue = z.object({ entryId: z.string().min(1).max(64) });

export function isMessageExtensionInvoke(activity: Activity): boolean {
  return activity.name === 'composeExtension/query' || activity.name === 'composeExtension/selectItem';
}

/**
 * The guide's search-based message extension: `composeExtension/query` lists matching entries (a preview per
 * entry, whose tap asks for the entry again), `composeExtension/selectItem` returns the card to insert.
 */
export async function answerMessageExtension(activity: Activity, store: Store, locale: Locale, now: Date): Promise<InvokeResponse> {
  if (activity.name === 'composeExtension/selectItem') {
    const parsed = selectValue.safeParse(activity.value);
    if (!parsed.success) return { status: 400 };
    const card = await guideExtensionSelect(store, parsed.data.entryId, locale, now);
    if (!card) return messageResponse(messages(locale).guide.entryGone);
    return result([attachment(card, null)]);
  }
  const parsed = queryValue.safeParse(activity.value);
  if (!parsed.success || parsed.data.commandId !== GUIDE_SEARCH_COMMAND) return { status: 400 };
  const typed = parsed.data.parameters?.find((parameter) => parameter.name === 'query' || parameter.name === 'searchQuery')?.value;
  const query = typeof typed === 'string' ? typed.slice(0, 200) : '';
  const items = await guideExtensionQuery(store, query, locale, now, parsed.data.queryOptions?.skip ?? 0);
  return result(items.map((item) => attachment(item.card, { title: item.title, text: item.snippet, entryId: item.entryId })));
}

function attachment(card: Reply, preview: { title: string; text: string; entryId: string } | null): MessagingExtensionAttachment {
  if (card.kind === 'text') throw new Error('a guide card was expected');
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: renderCard(card.card, card.data),
    ...(preview
      ? {
          preview: {
            contentType: 'application/vnd.microsoft.card.thumbnail',
            content: { title: preview.title, text: preview.text, tap: { type: 'invoke', value: { entryId: preview.entryId } } },
          },
        }
      : {}),
  };
}

function result(attachments: MessagingExtensionAttachment[]): InvokeResponse {
  const body: MessagingExtensionResponse = { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  return { status: 200, body };
}

function messageResponse(text: string): InvokeResponse {
  const body: MessagingExtensionResponse = { composeExtension: { type: 'message', text } };
  return { status: 200, body };
}
