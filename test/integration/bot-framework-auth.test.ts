import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BOT_APP_ID, channelTokenFor, memberJoined, useSignedTokenBot } from '../support/signed-token-bot.js';
import { teamsMessage } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';
import { sqlValue } from '../support/raw-sql.js';

/**
 * The real CloudAdapter authentication with a token issuer on loopback. The activities used cause no reply (a
 * member joining, a tenant not allowed), because sending needs the bot's own token from Entra ID, which is not
 * reachable offline.
 */
describe('Bot Framework authentication with signed tokens', () => {
  const signed = useSignedTokenBot();
  const { issuer } = signed;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('accepts an activity with a valid channel token', async () => {
    const activity = memberJoined(signed.bot);
    const response = await signed.bot.post(activity, bearer(channelTokenFor(signed.bot, issuer)));
    expect(response.status).toBe(200);
  });

  it.each([
    ['for another bot', { aud: '99999999-2222-4333-8444-555555555555' }],
    ['from another issuer', { iss: 'https://evil.example' }],
    ['for another serviceUrl', { serviceurl: 'https://attacker.example/' }],
    ['that has expired', { expiresInSeconds: -3600 }],
  ])('refuses a token %s with 401', async (_name, claims) => {
    expect((await signed.bot.post(memberJoined(signed.bot), bearer(channelTokenFor(signed.bot, issuer, claims)))).status).toBe(401);
  });

  it('logs only the host of an unauthenticated serviceUrl, never its path', async () => {
    const activity = { ...memberJoined(signed.bot), serviceUrl: 'https://attacker.example/path-that-must-not-be-logged/' };
    expect((await signed.bot.post(activity, bearer(channelTokenFor(signed.bot, issuer)))).status).toBe(401);
    const refusal = signed.bot.logLines.map((line) => JSON.parse(line)).findLast((entry) => entry.msg === 'activity refused: authentication failed');
    expect(refusal).toMatchObject({ serviceUrlHost: 'attacker.example' });
    expect(signed.bot.logLines.join('\n')).not.toContain('path-that-must-not-be-logged');
  });

  it('refuses a token signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await signed.bot.post(memberJoined(signed.bot), bearer(issuer.channelToken({ aud: BOT_APP_ID, serviceurl: signed.bot.connector.url }, other)))).status).toBe(401);
  });

  it('authenticates first, then ignores a tenant that is not allowed', async () => {
    const activity = teamsMessage({ serviceUrl: signed.bot.connector.url, from: PEOPLE.anna, text: 'hvem har 0101901234', tenantId: '99999999-9999-4999-8999-999999999999' });
    expect((await signed.bot.post(activity, bearer(channelTokenFor(signed.bot, issuer)))).status).toBe(200);
    expect(signed.bot.connector.calls).toEqual([]);
    expect(await sqlValue(signed.bot.app.store, 'SELECT count(*) FROM audit_log')).toBe(0);
  });
});
