import type { Employee } from '../../data/repositories/employees.js';
import type { ChatScope } from '../chat/chat-request.js';
import type { Locale } from '../i18n/locale.js';
import { card, type Reply } from '../chat/reply.js';
import { messages, type Messages } from '../i18n/messages.js';

/**
 * Sent when the app is installed, and to a user who writes before any install event reached us. In 1:1 chat it fits
 * the reader: someone who may look citizens up is shown how, with the lookup rule; anyone else what their roles let
 * them do. `asker` null (not a registered employee) gets the general welcome, like the general help.
 */
export function welcomeCard(locale: Locale, scope: ChatScope, asker: Employee | null): Reply {
  const m = messages(locale);
  return card('welcome', {
    lang: locale,
    title: m.welcome.title,
    intro: m.welcome.intro,
    lines: scope === 'personal' ? personalLines(asker, m) : [m.welcome.channelIntro],
  });
}

function personalLines(asker: Employee | null, m: Messages): string[] {
  const w = m.welcome;
  if (!asker || asker.roles.includes('caseworker') || asker.roles.includes('specialist')) return [w.tryIt, w.privacy];
  return [
    ...(asker.roles.includes('hotline_agent') ? [w.hotlineAgent] : []),
    ...(asker.roles.includes('manager') ? [w.manager] : []),
    ...(asker.roles.includes('admin') ? [w.admin] : []),
    // The example is a topic of the other administration, as in the help.
    asker.administration === 'SOF' ? w.guideForSof : w.guide,
    w.helpHint,
  ];
}
