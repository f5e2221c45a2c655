import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTokenIssuer } from '../support/fake-token-issuer.js';
import type { RunningBot } from '../support/running-bot.js';
import { BOT_APP_ID, channelTokenFor, memberJoined, startSignedTokenBot } from '../support/signed-token-bot.js';
import { teamsMessage } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';

/**
 * The real CloudAdapter authentication with a token issuer on loopback. The activities used cause no reply (a
 * member joining, a tenant not allowed), because sending needs the bot's own token from Entra ID, which is not
 * reachable offline.
 */
describe('Bot Framework authentication with signed tokens', () => {
  const issuer = new FakeTokenIssuer();
  let bot: RunningBot;
  beforeAll(async () => {
    await issuer.start();
    bot = await startSignedTokenBot(issuer);
  });
  afterAll(async () => {
    await bot.stop();
    await issuer.stop();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('accepts an activity with a valid channel token', async () => {
    const activity = memberJoined(bot);
    const response = await bot.post(activity, bearer(channelTokenFor(bot, issuer)));
    expect(response.status).toBe(200);
  });

  it.each([
    ['for another bot', { aud: '99999999-2222-4333-8444-555555555555' }],
    ['from another issuer', { iss: 'https://evil.example' }],
    ['for another serviceUrl', { serviceurl: 'https://attacker.example/' }],
    ['that has expired', { expiresInSeconds: -3600 }],
  ])('refuses a token %s with 401', async (_name, claims) => {
    expect((await bot.post(memberJoined(bot), bearer(channelTokenFor(bot, issuer, claims)))).status).toBe(401);
  });

  it('logs only the host of an unauthenticated serviceUrl, never its path', async () => {
    const activity = { ...memberJoined(bot), serviceUrl: 'https://attacker.example/path-that-must-not-be-logged/' };
    expect((await bot.post(activity, bearer(channelTokenFor(bot, issuer)))).status).toBe(401);
    const refusal = bot.logLines.map((line) => JSON.parse(line)).findLast((entry) => entry.msg === 'activity refused: authentication failed');
    expect(refusal).toMatchObject({ serviceUrlHost: 'attacker.example' });
    expect(bot.logLines.join('\n')).not.toContain('path-that-must-not-be-logged');
  });

  it('refuses a token signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await bot.post(memberJoined(bot), bearer(issuer.channelToken({ aud: BOT_APP_ID, serviceurl: bot.connector.url }, other)))).status).toBe(401);
  });

  it('authenticates first, then ignores a tenant that is not allowed', async () => {
    const activity = teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hvem har 0101901234', tenantId: '99999999-9999-4999-8999-999999999999' });
    expect((await bot.post(activity, bearer(channelTokenFor(bot, issuer)))).status).toBe(200);
    expect(bot.connector.calls).toEqual([]);
    expect(bot.app.store.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });
});
