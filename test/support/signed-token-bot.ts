import { afterAll, beforeAll } from 'vitest';
import { FakeTokenIssuer, BOT_FRAMEWORK_ISSUER } from './fake-token-issuer.js';
import { startBot, type RunningBot } from './running-bot.js';
import { teamsMessage, TEST_TENANT } from './teams-activity.js';
import { PEOPLE } from './world.js';

/** The app id the bot is registered under in the signed-token tests. */
export const BOT_APP_ID = '11111111-2222-4333-8444-555555555555';

/** The real bot in production mode (Bot Framework tokens for BOT_APP_ID), fetching its signing keys from `issuer`. */
export function startSignedTokenBot(issuer: FakeTokenIssuer): Promise<RunningBot> {
  return startBot({
    env: { MicrosoftAppId: BOT_APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TEST_TENANT, MicrosoftAppPassword: 'unused-offline' },
    authEndpoints: { ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl, ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER },
  });
}

/**
 * A FakeTokenIssuer and the signed-token bot on it for the enclosing `describe`: started before its tests (`prepare`
 * sets the issuer up first) and stopped after them. `bot` is there once started.
 */
export function useSignedTokenBot(prepare: (issuer: FakeTokenIssuer) => void = () => {}): { issuer: FakeTokenIssuer; readonly bot: RunningBot } {
  const issuer = new FakeTokenIssuer();
  let bot: RunningBot | undefined;
  beforeAll(async () => {
    await issuer.start();
    prepare(issuer);
    bot = await startSignedTokenBot(issuer);
  });
  afterAll(async () => {
    await bot?.stop();
    await issuer.stop();
  });
  return {
    issuer,
    get bot() {
      if (!bot) throw new Error('The signed-token bot is used before it has started.');
      return bot;
    },
  };
}

/** A channel token for the bot and its fake connector, as the Teams channel would sign it. */
export function channelTokenFor(bot: RunningBot, issuer: FakeTokenIssuer, claims: Partial<Parameters<FakeTokenIssuer['channelToken']>[0]> = {}): string {
  return issuer.channelToken({ aud: BOT_APP_ID, serviceurl: bot.connector.url, ...claims });
}

/**
 * A member joining: an activity that causes no reply, so nothing needs the bot's own token from Entra ID (which is
 * not reachable offline).
 */
export function memberJoined(bot: RunningBot) {
  return { ...teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'x' }), type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '29:someone-else' }] };
}
