import type { ChatRoute } from '../chat/chat-route.js';
import { text } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';
import { formatMonth, lastCompleteMonth } from './month.js';
import { looksLikeMonth, parseStatusMonth } from './parse-status-month.js';
import { statusReply } from './status-card.js';

const STATUS = /^\/?status(?:\s+(.*))?$/is;

/** Who may see the status: managers and the specialist unit. */
const STATUS_ROLES = ['manager', 'specialist'] as const;

/**
 * `status [måned]`: the strategy's goals for the last complete month, or the month asked for, as a card. Only
 * counts, with small counts suppressed, so it may also be asked in a channel. "status" followed by words that are
 * no month ("status på handleplaner") is left to the guide.
 */
export const statusRoute: ChatRoute = {
  name: 'status',
  matches: (request) => {
    const match = STATUS.exec(request.text);
    return match !== null && looksLikeMonth(match[1] ?? '');
  },
  handle: async (request, context) => {
    const m = messages(request.locale).status;
    const asker = await context.asker();
    if (!asker || !STATUS_ROLES.some((role) => asker.roles.includes(role))) {
      context.log.info({ askerEmployeeId: asker?.id ?? null }, 'status refused: not a manager or specialist');
      return [text(m.onlyManagers)];
    }
    const words = (STATUS.exec(request.text)![1] ?? '').trim();
    const asked = parseStatusMonth(words, request.now);
    if (!asked.ok) return [text(m.badMonth(words.slice(0, 40)))];
    const latest = lastCompleteMonth(request.now);
    if (asked.month > latest) return [text(m.notEnded(formatMonth(asked.month, request.locale), formatMonth(latest, request.locale)))];
    context.log.info({ employeeId: asker.id, month: asked.month }, 'status shown');
    return [await statusReply(context.store, asked.month, request.locale)];
  },
};
