import { describe, expect, it } from 'vitest';
import { AUTH_DEADLINE_MS } from '../../bot/teams/create-adapter.js';
import { KEY_FETCH_TIMEOUT_MS } from '../../bot/teams/signing-keys.js';
import { channelTokenFor, memberJoined, useSignedTokenBot } from '../support/signed-token-bot.js';
const KEY_FAILURE = 'the Bot Framework signing keys could not be fetched: activities are refused with 503 until a fetch succeeds';

/**
 * Microsoft's key endpoint accepts connections and never answers. Every JWT-shaped request used to fetch the keys
 * on its own connection and wait for ever; now one fetch is shared, it gives up after KEY_FETCH_TIMEOUT_MS, and the
 * requests are refused with 503 and Retry-After until a fetch succeeds.
 */
describe('/api/messages when the Bot Framework key endpoint hangs', () => {
  const signed = useSignedTokenBot((issuer) => {
    issuer.hang = true;
  });
  const { issuer } = signed;

  const post = async () => {
    const started = Date.now();
    const token = channelTokenFor(signed.bot, issuer);
    const response = await fetch(`${signed.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(memberJoined(signed.bot)) });
    const text = await response.text();
    return { status: response.status, retryAfter: Number(response.headers.get('retry-after')), body: text ? JSON.parse(text) : null, ms: Date.now() - started };
  };
  const keyFailures = () => signed.bot.logLines.filter((line) => line.includes(KEY_FAILURE)).length;

  it('answers 20 concurrent requests with 503 and Retry-After within the bound, over one key fetch, logged once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, post));
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 503, body: { error: 'Authentication is unavailable right now; please retry.' } });
      expect(answer.retryAfter).toBeGreaterThan(0);
      expect(answer.ms).toBeLessThan(AUTH_DEADLINE_MS + 4_000);
    }
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeGreaterThanOrEqual(KEY_FETCH_TIMEOUT_MS - 500);
    expect(issuer.requests).toBe(1);
    expect(issuer.connections).toBe(1);
    expect(keyFailures()).toBe(1);
  }, 30_000);

  it('refuses at once while the failed fetch is fresh, without asking the endpoint again', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, post));
    expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503, 503]);
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(2_000);
    expect(issuer.requests).toBe(1);
    expect(keyFailures()).toBe(1);
  });

  it('accepts a correctly signed activity once the key endpoint answers again, after Retry-After', async () => {
    issuer.hang = false;
    const refused = await post();
    expect(refused.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, refused.retryAfter * 1000 + 200));
    const accepted = await post();
    expect(accepted.status).toBe(200);
    expect(issuer.requests).toBe(3);
    expect(keyFailures()).toBe(1);
  }, 30_000);
});
