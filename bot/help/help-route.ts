import type { ChatRoute } from '../chat/chat-route.js';
import { card } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';

const HELP = /^\/?(hjælp|hjaelp|help|\?)$/i;

export const helpRoute: ChatRoute = {
  name: 'help',
  matches: (request) => HELP.test(request.text),
  handle: (request) => {
    const m = messages(request.locale);
    return [
      card('help', {
        lang: request.locale,
        title: m.help.title,
        sections: [
          { title: m.help.lookupTitle, text: m.help.lookupText },
          { title: m.help.asOfTitle, text: m.help.asOfText },
          { title: m.help.markTitle, text: m.help.markText },
          { title: m.help.alertsTitle, text: m.help.alertsText },
          { title: m.help.hotlineTitle, text: m.help.hotlineText },
          { title: m.help.guideTitle, text: m.help.guideText },
          { title: m.help.statusTitle, text: m.help.statusText },
          { title: m.help.announcementsTitle, text: m.help.announcementsText },
          { title: m.help.privacyTitle, text: m.help.privacyText },
        ],
      }),
    ];
  },
};
