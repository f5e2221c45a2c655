import { ConfigurationBotFrameworkAuthentication, type Activity, type CloudAdapter, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, TeamsConnectorClient, type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import { ClientCache } from './client-cache.js';

/** Hears every HTTP answer from the Bot Connector: its status, or undefined when none came (refused, reset, timed out). */
export type ConnectorResponseListener = (status: number | undefined) => void;

type PipelineResponse = { status: number };
type PipelinePolicy = { name: string; sendRequest(request: unknown, next: (request: unknown) => Promise<PipelineResponse>): Promise<PipelineResponse> };
type Pipeline = { addPolicy(policy: PipelinePolicy, options: { afterPhase: 'Retry' }): void };

const POLICY_NAME = 'BrobyggerConnectorResponses';

/** The listener of each counted connector client, for the Teams clients made from it (teamsConnectorClient). */
const listenerOf = new WeakMap<ConnectorClient, ConnectorResponseListener>();

/**
 * Bot Framework authentication whose connector clients report each response to `onResponse`. Every call the bot
 * makes to the Bot Connector (a turn's replies and updates, get-member, team channels, the outbox's proactive sends)
 * goes through a ConnectorClient made by a ConnectorFactory: the one from authenticating an incoming request, or
 * createConnectorFactory for continueConversation and createConversation. Both are wrapped here. The exception is
 * botbuilder's TeamsInfo team operations, which build a TeamsConnectorClient of their own: use teamsConnectorClient.
 */
export class ConnectorResponseCountingAuthentication extends ConfigurationBotFrameworkAuthentication {
  /**
   * Only the turns' clients are kept. The proactive sender's stay one per send: it changes their HTTP pipeline for
   * that send (no retry policy; the worker's beforeRequest last, proactive-sender.ts).
   */
  private readonly turnClients = new ClientCache<ConnectorClient>();
  /** botbuilder makes one per turn too, for sign-in cards (unused here): as costly as a connector client. */
  private readonly userTokenClients = new ClientCache<UserTokenClient>(8);

  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly onResponse: ConnectorResponseListener,
  ) {
    super(config);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: countingFactory(result.connectorFactory, this.onResponse, { cache: this.turnClients, appId: appIdOf(result.claimsIdentity) }) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return countingFactory(super.createConnectorFactory(claimsIdentity), this.onResponse);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}

/** The app id botbuilder's factory makes the client's credentials for (its own getAppId: audience, else appid). */
function appIdOf(identity: ClaimsIdentity | undefined): string {
  return identity?.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity?.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** `kept`: the cache to keep the clients in, and the app id they are made for; without it, a new client per call. */
function countingFactory(inner: ConnectorFactory, onResponse: ConnectorResponseListener, kept?: { cache: ClientCache<ConnectorClient>; appId: string }): ConnectorFactory {
  const make = async (serviceUrl: string, audience?: string) => {
    const client = countResponses(await inner.create(serviceUrl, audience), onResponse);
    listenerOf.set(client, onResponse);
    return client;
  };
  return {
    create(serviceUrl: string, audience?: string) {
      if (!kept) return make(serviceUrl, audience);
      return kept.cache.get(JSON.stringify([kept.appId, audience ?? null, serviceUrl]), () => make(serviceUrl, audience));
    },
  };
}

/**
 * A client for the Teams-only operations (a team's channels and details), as TeamsInfo makes one (the turn's
 * credentials and serviceUrl), but with its responses counted like the turn's connector client.
 */
export function teamsConnectorClient(context: TurnContext): TeamsConnectorClient {
  const connector = context.turnState.get<ConnectorClient | undefined>((context.adapter as CloudAdapter).ConnectorClientKey);
  if (!connector) throw new Error('no connector client on the turn');
  const client = new TeamsConnectorClient(connector.credentials, { baseUri: context.activity.serviceUrl });
  const onResponse = listenerOf.get(connector);
  return onResponse ? countResponses(client, onResponse) : client;
}

/**
 * Adds a policy after the retry phase, so each attempt is heard once (a 429 retried by the SDK: the 429, then the
 * retry's answer). The pipeline is the client's internal core-client one (as the proactive sender's retry removal
 * uses); the metrics test fails if an SDK upgrade moves it.
 */
function countResponses<Client extends ConnectorClient | TeamsConnectorClient>(client: Client, onResponse: ConnectorResponseListener): Client {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  pipeline?.addPolicy(
    {
      name: POLICY_NAME,
      async sendRequest(request, next) {
        let response: PipelineResponse;
        try {
          response = await next(request);
        } catch (error) {
          onResponse(statusOf(error));
          throw error;
        }
        onResponse(response.status);
        return response;
      },
    },
    { afterPhase: 'Retry' },
  );
  return client;
}

/** A policy further in may throw with the response attached; a network failure has none. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}
