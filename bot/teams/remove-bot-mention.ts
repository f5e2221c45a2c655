import type { Activity } from 'botbuilder';

type MentionEntity = { type?: unknown; text?: unknown; mentioned?: { id?: unknown } | null };

/**
 * The message text without the @mention of the bot. Written here rather than with TurnContext.removeRecipientMention,
 * which throws on a message with a mention but no text (and removes the word "undefined" for a mention without
 * text): whatever shape the entities have, a message must get an answer, not a technical error.
 */
export function textWithoutBotMention(activity: Partial<Activity>): string {
  const text = typeof activity.text === 'string' ? activity.text : '';
  const botId = activity.recipient?.id;
  const entities: unknown[] = Array.isArray(activity.entities) ? activity.entities : [];
  const mention = entities.find((entity): entity is MentionEntity & { text: string } => {
    const candidate = entity as MentionEntity | null;
    return candidate?.type === 'mention' && typeof candidate.text === 'string' && candidate.text !== '' && candidate.mentioned?.id === botId;
  });
  return (mention ? text.replace(mention.text, '') : text).trim();
}
