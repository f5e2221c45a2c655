import type { ConnectorCall, ConnectorFault } from './fake-connector.js';

type Window = { limit: number; ms: number };

const PER_CONVERSATION: Window[] = [
  { limit: 7, ms: 1000 },
  { limit: 8, ms: 2000 },
  { limit: 60, ms: 30_000 },
  { limit: 1800, ms: 3_600_000 },
];
const PER_TENANT: Window[] = [{ limit: 50, ms: 1000 }];

/**
 * A fault rule that makes the fake connector enforce Teams' documented limits the way Teams does: a call that
 * would exceed any window is answered 429 with Retry-After and does not count. Written independently of the bot's
 * pacer, so the two can disagree.
 */
export function teamsRateLimits(): { rule: (call: ConnectorCall) => ConnectorFault | undefined; throttled: () => number } {
  const byConversation = new Map<string, number[]>();
  const tenant: number[] = [];
  let throttled = 0;
  const exceeded = (times: number[], windows: Window[], now: number) => windows.find((window) => times.filter((t) => t > now - window.ms).length >= window.limit);
  return {
    throttled: () => throttled,
    rule: (call) => {
      if (!['send', 'reply', 'update', 'delete', 'create-conversation'].includes(call.operation)) return undefined;
      const conversation = (call.conversationId ?? '').split(';messageid=')[0]!;
      const times = byConversation.get(conversation) ?? [];
      const now = call.at;
      const hit = exceeded(times, PER_CONVERSATION, now) ?? exceeded(tenant, PER_TENANT, now);
      if (hit) {
        throttled++;
        return { status: 429, code: 'Throttled', message: `more than ${hit.limit} per ${hit.ms} ms`, retryAfterSeconds: 1 };
      }
      times.push(now);
      byConversation.set(conversation, times.length > 2000 ? times.slice(-1800) : times);
      tenant.push(now);
      if (tenant.length > 200) tenant.splice(0, tenant.length - 100);
      return undefined;
    },
  };
}
