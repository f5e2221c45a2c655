import type { StoredConversation } from '../../data/repositories/conversations.js';
import type { Reply } from '../chat/reply.js';

/** Where a message goes: a new post or chat message, a reply in a channel thread, or a change to a sent message. */
export type SendTarget =
  | { operation: 'post'; conversation: StoredConversation }
  | { operation: 'reply'; conversation: StoredConversation; threadActivityId: string }
  | { operation: 'update'; conversation: StoredConversation; activityId: string }
  | { operation: 'delete'; conversation: StoredConversation; activityId: string };

/** Sends one message through the Bot Connector; implemented in bot/teams. Throws DeliveryError on failure. */
export interface MessageSender {
  send(target: SendTarget, message: Reply | null): Promise<{ activityId: string | null }>;
}

/** What the Bot Connector answered (or that it could not be reached), without botbuilder types. */
export class DeliveryError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: string | null,
    readonly retryAfterMs: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  /** No HTTP answer at all: refused, reset or timed out. */
  get network(): boolean {
    return this.status === null;
  }
}
