import type { StoredConversation } from '../../data/repositories/conversations.js';
import type { Reply } from '../chat/reply.js';

/** Where a message goes: a new post or chat message, a reply in a channel thread, or a change to a sent message. */
export type SendTarget =
  | { operation: 'post'; conversation: StoredConversation }
  | { operation: 'reply'; conversation: StoredConversation; threadActivityId: string }
  | { operation: 'update'; conversation: StoredConversation; activityId: string }
  | { operation: 'delete'; conversation: StoredConversation; activityId: string };

/**
 * Called by a sender once per message, as the last thing before its request is written (after the client, token and
 * serialisation): the worker checks there that the send is still counted recently enough in Teams' limits. If it
 * throws, no request is made and `send` throws the same error.
 */
export type BeforeRequest = () => Promise<void>;

/** Sends one message through the Bot Connector; implemented in bot/teams. Throws DeliveryError on failure. */
export interface MessageSender {
  send(target: SendTarget, message: Reply | null, options?: { beforeRequest?: BeforeRequest }): Promise<{ activityId: string | null }>;
}

/** From a BeforeRequest: this send must not leave here (its claim was taken over by another instance meanwhile). */
export class SendWithdrawn extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendWithdrawn';
  }
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
