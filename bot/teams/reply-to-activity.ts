import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { renderCard } from '../../cards/render-card.js';
import type { Reply } from '../chat/reply.js';

/** A reply as a Teams message activity: text as markdown, cards as Adaptive Card attachments. */
export function replyToActivity(reply: Reply): Partial<Activity> {
  if (reply.kind === 'text') return MessageFactory.text(reply.text);
  return MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(reply.card, reply.data)));
}
