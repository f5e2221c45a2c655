import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { CardAction, ChatRequest, ChatScope } from '../chat/chat-request.js';
import { localeOf, type Locale } from '../i18n/locale.js';
import { textWithoutBotMention } from './remove-bot-mention.js';

export function scopeOf(activity: Partial<Activity>): ChatScope {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

export function tenantOf(activity: Partial<Activity>): string | null {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? null;
}

/** Action.Submit arrives as a message whose `value` is the button's data, with our `verb` inside it. */
const submitValue = z.looseObject({ verb: z.string().min(1).max(100) });

/** Action.Execute arrives as an `adaptiveCard/action` invoke. */
const executeValue = z.object({ action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string().min(1).max(100), data: z.unknown().optional() }) });

export function cardActionOf(activity: Partial<Activity>): CardAction | null | 'malformed' {
  if (activity.type === 'invoke') {
    const parsed = executeValue.safeParse(activity.value);
    if (!parsed.success) return 'malformed';
    return { verb: parsed.data.action.verb, data: parsed.data.action.data ?? {} };
  }
  if (activity.value === undefined || activity.value === null) return null;
  const parsed = submitValue.safeParse(activity.value);
  if (!parsed.success) return 'malformed';
  const { verb, ...data } = parsed.data;
  return { verb, data };
}

/** The user's language: the activity's locale, unless the deployment overrides it (LOCALE_OVERRIDE). */
export function localeFor(activity: Partial<Activity>, override: Locale | undefined): Locale {
  return override ?? localeOf(activity.locale);
}

/** The botbuilder-free request the capabilities see. Bot @mentions are removed from the text. */
export function toChatRequest(activity: Activity, now: Date, localeOverride?: Locale): ChatRequest {
  const action = cardActionOf(activity);
  const withoutBotMention = activity.type === 'message' ? textWithoutBotMention(activity) : '';
  return {
    user: { aadObjectId: activity.from?.aadObjectId?.toLowerCase() ?? null, name: activity.from?.name ?? null },
    text: withoutBotMention.replace(/<at>[^<]*<\/at>/g, ' ').replace(/&nbsp;/g, ' ').trim(),
    cardAction: action === 'malformed' ? { verb: '', data: activity.value ?? null } : action,
    locale: localeFor(activity, localeOverride),
    scope: scopeOf(activity),
    conversationId: activity.conversation?.id ?? null,
    now,
  };
}
