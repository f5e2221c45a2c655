import type { ChatRoute } from '../chat/chat-route.js';
import { card } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';
import { helpSections } from './help-sections.js';

const HELP = /^\/?(hjælp|hjaelp|help|\?)$/i;

export const helpRoute: ChatRoute = {
  name: 'help',
  matches: (request) => HELP.test(request.text),
  handle: async (request, context) => {
    const m = messages(request.locale);
    return [card('help', { lang: request.locale, title: m.help.title, sections: helpSections(await context.asker(), m) })];
  },
};
