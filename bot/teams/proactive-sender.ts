import { type Activity, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { DeliveryError, SendWithdrawn, type BeforeRequest, type MessageSender, type SendTarget } from '../delivery/message-sender.js';
import type { Reply } from '../chat/reply.js';
import { isLoopbackServiceUrl } from './loopback-service-url.js';
import { replyToActivity } from './reply-to-activity.js';

/**
 * Sends outbox messages with the real adapter and credentials (continueConversation), one Bot Connector call per
 * message. The connector client's built-in retry policy is removed: it would retry 429s behind the worker's back
 * (three times, ignoring our pacing), and the worker's own retries are the ones that are recorded and bounded.
 * `loopbackOnly` (local mode): a conversation stored with a serviceUrl off this machine is never contacted; the
 * send fails for good (dead-lettered) without a request. `timeoutMs`: the Bot Connector call is aborted after it
 * (a transient failure, retried), so it ends well within the outbox lease that lets no other instance send the row.
 * `beforeRequest` runs in the client's HTTP pipeline after signing, so nothing but the request's write follows it.
 */
export function createProactiveSender(adapter: CloudAdapter, botAppId: string, options: { loopbackOnly: boolean; timeoutMs?: number }): MessageSender {
  const call = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  return {
    async send(target: SendTarget, message: Reply | null, sendOptions: { beforeRequest?: BeforeRequest } = {}) {
      const reference = { ...(target.conversation.reference as Partial<ConversationReference>) } as ConversationReference;
      if (options.loopbackOnly && !isLoopbackServiceUrl(reference.serviceUrl)) {
        throw new DeliveryError(403, 'LocalModeNonLoopbackServiceUrl', null, 'local mode sends only to a serviceUrl on this machine (loopback)');
      }
      reference.conversation = { ...reference.conversation, id: target.conversation.conversationId };
      let activityId: string | null = null;
      try {
        await adapter.continueConversationAsync(botAppId, reference, async (context: TurnContext) => {
          const client = connectorClientOf(context, sendOptions.beforeRequest);
          const conversationId = target.conversation.conversationId;
          const activity = message ? ({ ...replyToActivity(message), type: 'message' } as Activity) : null;
          switch (target.operation) {
            case 'post':
              activityId = (await client.conversations.sendToConversation(conversationId, activity!, call)).id ?? null;
              break;
            case 'reply':
              activityId = (await client.conversations.replyToActivity(conversationId, target.threadActivityId, { ...activity!, replyToId: target.threadActivityId }, call)).id ?? null;
              break;
            case 'update':
              await client.conversations.updateActivity(conversationId, target.activityId, { ...activity!, id: target.activityId }, call);
              activityId = target.activityId;
              break;
            case 'delete':
              await client.conversations.deleteActivity(conversationId, target.activityId, call);
              activityId = target.activityId;
              break;
          }
        });
      } catch (error) {
        if (error instanceof SendWithdrawn) throw error;
        throw toDeliveryError(error);
      }
      return { activityId };
    },
  };
}

type PipelinePolicy = { name: string; sendRequest(request: unknown, next: (request: unknown) => Promise<unknown>): Promise<unknown> };
type Pipeline = { removePolicy(options: { phase: string }): unknown; addPolicy(policy: PipelinePolicy, options: { afterPhase: 'Sign' }): void };

/** The send's own client (one per continueConversation), without the retry policy and with `beforeRequest` last. */
function connectorClientOf(context: TurnContext, beforeRequest: BeforeRequest | undefined): ConnectorClient {
  const client = context.turnState.get<ConnectorClient>((context.adapter as CloudAdapter).ConnectorClientKey);
  if (!client) throw new Error('no connector client on the turn');
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('the connector client has no HTTP pipeline');
  pipeline.removePolicy({ phase: 'Retry' });
  if (beforeRequest) {
    pipeline.addPolicy({ name: 'BrobyggerBeforeRequest', sendRequest: async (request, next) => (await beforeRequest(), next(request)) }, { afterPhase: 'Sign' });
  }
  return client;
}

type RestErrorLike = { statusCode?: number; code?: string; message?: string; response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string } };

function toDeliveryError(error: unknown): DeliveryError {
  const rest = (error ?? {}) as RestErrorLike;
  const status = typeof rest.statusCode === 'number' && rest.statusCode > 0 ? rest.statusCode : null;
  return new DeliveryError(status, errorCode(rest), retryAfterMs(rest.response?.headers?.get('retry-after')), rest.message ?? String(error));
}

function errorCode(rest: RestErrorLike): string | null {
  try {
    const body = rest.response?.bodyAsText ? (JSON.parse(rest.response.bodyAsText) as { error?: { code?: string } }) : null;
    if (body?.error?.code) return body.error.code;
  } catch {
    /* not JSON */
  }
  return rest.code ?? null;
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterMs(header: string | undefined): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
