import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from '../config/load-config.js';

/** The request's token was missing, malformed, expired, for another bot or badly signed. */
export class AuthenticationFailed extends Error {
  constructor(readonly reason: string) {
    super(`authentication failed: ${reason}`);
    this.name = 'AuthenticationFailed';
  }
}

/** botbuilder's CloudAdapter, with the request handling exposed so the HTTP layer owns parsing, status codes and logs. */
export class BrobyggerAdapter extends CloudAdapter {
  /** Authenticates first (any failure there is an AuthenticationFailed), then runs the turn. */
  async handleActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw new AuthenticationFailed(error instanceof Error ? error.message : String(error));
    }
    return this.processActivity(authenticated, activity, logic);
  }
}

export type AuthEndpoints = {
  /** Overrides for a sovereign cloud or a test issuer; unset means the public Azure cloud. */
  ToBotFromChannelOpenIdMetadataUrl?: string;
  ToBotFromChannelTokenIssuer?: string;
};

/**
 * The real Bot Framework authentication: incoming requests must carry a token for MicrosoftAppId issued by the
 * Bot Framework, and replies are sent with the app's own token. Without MicrosoftAppId (local mode) incoming
 * requests are accepted unauthenticated and replies carry no token, which is what the Agents Playground needs.
 */
export function createAdapter(config: Config, endpoints: AuthEndpoints = {}): BrobyggerAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    ...endpoints,
  });
  return new BrobyggerAdapter(auth);
}
