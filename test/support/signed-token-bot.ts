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
