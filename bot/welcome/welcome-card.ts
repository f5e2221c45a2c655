import type { ChatScope, Locale } from '../chat/chat-request.js';
import { card, type Reply } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';

/** Sent when the app is installed, and to a user who writes before any install event reached us. */
export function welcomeCard(locale: Locale, scope: ChatScope): Reply {
  const m = messages(locale);
  return card('welcome', {
    lang: locale,
    title: m.welcome.title,
    intro: m.welcome.intro,
    lines: scope === 'personal' ? [m.welcome.tryIt, m.welcome.privacy] : [m.welcome.channelIntro],
  });
}
