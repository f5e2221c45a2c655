import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from '../config/load-config.js';
import type { Logger } from '../log/logger.js';
import { boundSigningKeyFetches } from './bounded-key-fetch.js';
import { ConnectorResponseCountingAuthentication, type ConnectorResponseListener } from './connector-response-counting.js';
import { KEY_RETRY_AFTER_MS, SigningKeysUnavailable } from './signing-keys.js';

/**
 * Authentication that has not finished by then is given up (503), whatever the SDK is waiting for. Longer than the
 * key fetch's own deadline, which normally answers first.
 */
export const AUTH_DEADLINE_MS = 8_000;

/** The request's token was missing, malformed, expired, for another bot or badly signed. */
export class AuthenticationFailed extends Error {
  constructor(readonly reason: string) {
    super(`authentication failed: ${reason}`);
    this.name = 'AuthenticationFailed';
  }
}

/** The request could not be authenticated either way (keys unavailable, or no result in time): fail closed with 503. */
export class AuthenticationUnavailable extends Error {
  constructor(
    readonly reason: 'signing-keys' | 'deadline',
    readonly retryAfterSeconds: number,
  ) {
    super(`authentication unavailable: ${reason}`);
    this.name = 'AuthenticationUnavailable';
  }
}

class AuthenticationDeadline extends Error {}

/** botbuilder's CloudAdapter, with the request handling exposed so the HTTP layer owns parsing, status codes and logs. */
export class BrobyggerAdapter extends CloudAdapter {
  private readonly authDeadlineMs: number;

  constructor(auth: ConstructorParameters<typeof CloudAdapter>[0], options: { authDeadlineMs?: number } = {}) {
    super(auth);
    this.authDeadlineMs = options.authDeadlineMs ?? AUTH_DEADLINE_MS;
  }

  /**
   * Authenticates first, within a deadline: a bad token is an AuthenticationFailed, keys that cannot be fetched or
   * no result in time an AuthenticationUnavailable. Then runs the turn.
   */
  async handleActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    let authenticated: AuthenticateRequestResult;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new AuthenticationDeadline()), this.authDeadlineMs);
    });
    try {
      authenticated = await Promise.race([this.botFrameworkAuthentication.authenticateRequest(activity, authHeader), deadline]);
    } catch (error) {
      if (error instanceof SigningKeysUnavailable) throw new AuthenticationUnavailable('signing-keys', error.retryAfterSeconds);
      if (error instanceof AuthenticationDeadline) throw new AuthenticationUnavailable('deadline', Math.ceil(KEY_RETRY_AFTER_MS / 1000));
      throw new AuthenticationFailed(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
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
 * The signing keys are fetched with a deadline and one fetch at a time (see SigningKeys). Every answer from the Bot
 * Connector, whoever asked, is reported to `onConnectorResponse` (metrics).
 */
export function createAdapter(config: Config, log: Logger, endpoints: AuthEndpoints = {}, onConnectorResponse: ConnectorResponseListener = () => {}): BrobyggerAdapter {
  boundSigningKeyFetches({ log: log.child({ component: 'bot-framework-auth' }) });
  const auth = new ConnectorResponseCountingAuthentication(
    {
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppType: config.MicrosoftAppType ?? '',
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
      ...endpoints,
    },
    onConnectorResponse,
  );
  return new BrobyggerAdapter(auth);
}
