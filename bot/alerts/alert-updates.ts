import { baseConversationId } from '../../data/repositories/conversations.js';
import type { Tx } from '../../data/store/store.js';

export const ALERT_LOCALE = 'da';

/** The outbox message that renders an alert card from the alert's current state. */
export type AlertMessage = { kind: 'alert'; alertId: number; escalated?: boolean };

/**
 * After a claim or resolve: update every posted copy of the alert card in place (channel, fallback channel,
 * managers' chats). Copies not yet sent need nothing: they are rendered from the current state when sent.
 */
export async function enqueueCardUpdates(store: Tx, alertId: number, version: number, now: Date): Promise<void> {
  for (const post of await store.outbox.postsOf(alertId)) {
    if (post.state === 'pending') continue;
    const message = post.message as AlertMessage;
    await store.outbox.enqueue({
      dedupeKey: `alert:${alertId}:v${version}:update:${post.id}`,
      operation: 'update',
      conversationId: post.conversationId,
      targetOf: post.id,
      message: { kind: 'alert', alertId, escalated: message.escalated ?? false } satisfies AlertMessage,
      alertId,
      purpose: 'alert-update',
      now,
    });
  }
}

/** True when the alert's card was posted in this conversation (so its buttons may act on it here). */
export async function alertPostedIn(store: Tx, alertId: number, conversationId: string | null): Promise<boolean> {
  if (!conversationId) return false;
  const base = baseConversationId(conversationId);
  return (await store.outbox.postsOf(alertId)).some((post) => post.conversationId === base);
}
