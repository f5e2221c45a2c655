import { DeliveryError } from './message-sender.js';

export type FailureVerdict =
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'transient' }
  | { kind: 'conversation-gone'; reason: string }
  | { kind: 'permanent'; reason: string };

const TRANSIENT_STATUSES = new Set([412, 500, 502, 503, 504]);
/** Teams' 403 codes that mean the bot can no longer write to this conversation at all. */
const CONVERSATION_GONE_403 = new Set(['BotNotInConversationRoster', 'ConversationBlockedByUser', 'BotDisabledByAdmin', 'MessageWritesBlocked']);

/** How the worker treats a failed send, per Teams' documented error answers. */
export function classifyFailure(error: unknown): FailureVerdict {
  if (!(error instanceof DeliveryError)) return { kind: 'transient' };
  if (error.network) return { kind: 'transient' };
  if (error.status === 429) return { kind: 'throttled', retryAfterMs: error.retryAfterMs ?? 1000 };
  if (TRANSIENT_STATUSES.has(error.status!)) return { kind: 'transient' };
  if (error.status === 403 && error.code && CONVERSATION_GONE_403.has(error.code)) return { kind: 'conversation-gone', reason: error.code };
  if (error.status === 404 && error.code === 'ConversationNotFound') return { kind: 'conversation-gone', reason: error.code };
  return { kind: 'permanent', reason: `${error.status}${error.code ? ` ${error.code}` : ''}` };
}

/** Exponential backoff with jitter: half the doubled delay fixed, half random, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
