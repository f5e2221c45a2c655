import { describe, expect, it } from 'vitest';
import { backoffMs, classifyFailure } from '../../../bot/delivery/classify-failure.js';
import { DeliveryError } from '../../../bot/delivery/message-sender.js';

const answer = (status: number | null, code: string | null = null, retryAfterMs: number | null = null) => new DeliveryError(status, code, retryAfterMs, 'x');

describe('what a failed send means', () => {
  it('429 waits as long as Retry-After says (1 s if it says nothing)', () => {
    expect(classifyFailure(answer(429, 'Throttled', 7000))).toEqual({ kind: 'throttled', retryAfterMs: 7000 });
    expect(classifyFailure(answer(429))).toEqual({ kind: 'throttled', retryAfterMs: 1000 });
  });

  it('412, 500, 502, 503, 504 and network errors are retried', () => {
    for (const status of [412, 500, 502, 503, 504]) expect(classifyFailure(answer(status)).kind, String(status)).toBe('transient');
    expect(classifyFailure(answer(null, 'ECONNRESET')).kind).toBe('transient');
  });

  it('Teams’ 403 roster/block/disable/writes-blocked and 404 ConversationNotFound are final for the conversation', () => {
    for (const code of ['BotNotInConversationRoster', 'ConversationBlockedByUser', 'BotDisabledByAdmin', 'MessageWritesBlocked']) {
      expect(classifyFailure(answer(403, code))).toEqual({ kind: 'conversation-gone', reason: code });
    }
    expect(classifyFailure(answer(404, 'ConversationNotFound'))).toEqual({ kind: 'conversation-gone', reason: 'ConversationNotFound' });
  });

  it('other client errors are not retried (another 403, a 400, a 404 for an activity)', () => {
    expect(classifyFailure(answer(403, 'Forbidden'))).toEqual({ kind: 'permanent', reason: '403 Forbidden' });
    expect(classifyFailure(answer(400, 'BadArgument'))).toEqual({ kind: 'permanent', reason: '400 BadArgument' });
    expect(classifyFailure(answer(404, 'ActivityNotFound')).kind).toBe('permanent');
  });

  it('backs off exponentially with jitter, within [half, full] of the doubled delay, capped', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, () => 0.5)).toBe(6000);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
