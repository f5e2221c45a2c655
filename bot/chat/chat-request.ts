import type { Locale } from '../i18n/locale.js';

/** Where the message was written: only a 1:1 chat may carry personal data. */
export type ChatScope = 'personal' | 'groupChat' | 'channel';

/** A card button press, already separated from how Teams delivered it (Action.Submit message or Action.Execute invoke). */
export type CardAction = { verb: string; data: unknown };

/** What a person asked, in botbuilder-free terms. */
export type ChatRequest = {
  user: { aadObjectId: string | null; name: string | null };
  /** Message text with any @mention of the bot removed, trimmed. */
  text: string;
  cardAction: CardAction | null;
  locale: Locale;
  scope: ChatScope;
  /** The Teams conversation (a channel thread's id is the channel's); null outside Teams. */
  conversationId: string | null;
  now: Date;
};
