import { ActivityTypes, INVOKE_RESPONSE_KEY, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Employee } from '../../data/repositories/employees.js';
import type { Store } from '../../data/store/store.js';
import { retryWhileNothingWritten } from '../../data/sql/retry-while-busy.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import { renderCard } from '../../cards/render-card.js';
import type { Locale } from '../i18n/locale.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { handleChat, type WelcomeCard } from '../chat/handle-chat.js';
import type { ChatRoute } from '../chat/chat-route.js';
import type { Reply } from '../chat/reply.js';
import { messages } from '../i18n/messages.js';
import type { Logger } from '../log/logger.js';
import { localeFor, scopeOf, tenantOf, toChatRequest } from './activity-to-request.js';
import { captureConversation } from './conversation-capture.js';
import { answerMessageExtension, isMessageExtensionInvoke } from './message-extension.js';
import { replyToActivity } from './reply-to-activity.js';
import { MemberResolver } from './member-resolution.js';
import { isTenantAllowed } from './tenant-allowed.js';

export type TurnDeps = {
  store: Store;
  log: Logger;
  allowedTenantIds: readonly string[] | undefined;
  /** Answer in this language whatever the activity says (the Agents Playground always sends en-US). */
  localeOverride?: Locale | undefined;
  clock?: () => Date;
  /** The route table, in precedence order (bot/compose/chat-routes.ts). */
  routes: readonly ChatRoute[];
  /** Shown when the bot is added, and before a user's first message in 1:1 chat (bot/welcome/). */
  welcomeCard: WelcomeCard;
  /** Links Teams users known only by UPN (employees.csv without an object id); one per handler by default. */
  memberResolver?: MemberResolver;
};

/** One Teams turn: tenant check, then messages and card actions to the route table, install events to the welcome. */
export function createTurnHandler(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  const clock = deps.clock ?? (() => new Date());
  const members = deps.memberResolver ?? new MemberResolver(deps.store);
  return async (context) => {
    const activity = context.activity;
    const log = deps.log.child({ activityId: activity.id, activityType: activity.type, conversationType: activity.conversation?.conversationType });
    const tenant = tenantOf(activity);
    if (!isTenantAllowed(tenant, deps.allowedTenantIds)) {
      log.warn({ tenantId: tenant, serviceUrl: activity.serviceUrl }, 'activity from a tenant that is not allowed: not answered');
      if (activity.type === ActivityTypes.Invoke) setInvokeResponse(context, { status: 403 });
      return;
    }
    try {
      await captureConversationUnlessBusy(context, deps.store, log, clock());
      if (activity.type === ActivityTypes.Message || isCardActionInvoke(activity)) {
        const now = clock();
        const asker = await members.resolve(context, now, log);
        await onMessageOrAction(context, deps, log, now, asker);
      }
      else if (activity.type === ActivityTypes.ConversationUpdate || activity.type === ActivityTypes.InstallationUpdate) await onInstall(context, deps, clock());
      else if (activity.type === ActivityTypes.Invoke && isMessageExtensionInvoke(activity)) {
        setInvokeResponse(context, await answerMessageExtension(activity, deps.store, localeFor(activity, deps.localeOverride), clock()));
        log.info({ invoke: activity.name }, 'message extension answered');
      } else if (activity.type === ActivityTypes.Invoke) setInvokeResponse(context, { status: 501 });
    } catch (error) {
      const busy = isBusyError(error);
      if (busy) log.warn('turn not answered: the database write lock is held by another process; the user was asked to try again');
      else log.error({ err: error }, 'turn failed');
      const common = messages(localeFor(activity, deps.localeOverride)).common;
      const politeError = busy ? common.storeBusy : common.technicalError;
      if (activity.type === ActivityTypes.Invoke) setInvokeResponse(context, messageInvokeResponse(politeError));
      else await context.sendActivity(politeError).catch((sendError: unknown) => log.error({ err: sendError }, 'could not send the error message'));
    }
  };
}

/** Capture is repeated on any later activity where it is missing, so a held write lock only postpones it. */
async function captureConversationUnlessBusy(context: TurnContext, store: Store, log: Logger, now: Date): Promise<void> {
  try {
    await captureConversation(context, store, log, now);
  } catch (error) {
    if (!isBusyError(error)) throw error;
    log.warn('conversation not captured: the database write lock is held by another process; captured on a later activity');
  }
}

function isCardActionInvoke(activity: Activity): boolean {
  return activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action';
}

/** `asker`: the sender as member resolution found them (undefined: not known yet, the route reads it if it needs it). */
async function onMessageOrAction(context: TurnContext, deps: TurnDeps, log: Logger, now: Date, asker: Employee | null | undefined): Promise<void> {
  const request = toChatRequest(context.activity, now, deps.localeOverride);
  const started = performance.now();
  // Capabilities only return replies (sent below), so a turn that wrote nothing can be run again while the lock is held.
  const { route, replies } = await retryWhileNothingWritten(deps.store, () =>
    handleChat(request, { store: deps.store, log, ...(asker === undefined ? {} : { asker }) }, deps.routes, deps.welcomeCard),
  );
  log.info({ route, replies: replies.length, ms: Math.round(performance.now() - started) }, 'message handled');
  if (isCardActionInvoke(context.activity)) {
    // Universal Actions: the answer to the press is the invoke response (an updated card, or a short message).
    const replacement = replies.find((reply) => reply.kind === 'replace-card');
    const first = replacement ?? replies[0];
    setInvokeResponse(context, first?.kind === 'text' ? messageInvokeResponse(first.text) : first ? cardInvokeResponse(first) : { status: 200 });
    const others = replies.filter((reply) => reply !== first);
    if (others.length > 0) await context.sendActivities(others.map(replyToActivity));
    return;
  }
  for (const reply of replies) {
    if (reply.kind === 'replace-card' && reply.onlyForPresser) {
      await context.sendActivity(replyToActivity({ kind: 'text', text: reply.onlyForPresser.text }));
    } else if (reply.kind === 'replace-card' && context.activity.replyToId) {
      await context.updateActivity({ ...replyToActivity(reply), id: context.activity.replyToId });
    } else {
      await context.sendActivity(replyToActivity(reply));
    }
  }
}

/** Welcome the team or chat when the bot is added; in 1:1 chat, once per user (install and first message dedupe). */
async function onInstall(context: TurnContext, deps: TurnDeps, now: Date): Promise<void> {
  const activity = context.activity;
  const botAdded =
    activity.type === ActivityTypes.InstallationUpdate
      ? activity.action === 'add' || activity.action === 'add-upgrade'
      : (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
  if (!botAdded) return;
  const scope = scopeOf(activity);
  let reader: Employee | null = null;
  if (scope === 'personal') {
    const user = activity.from?.aadObjectId;
    if (!user || !await deps.store.greetedUsers.markGreeted(user, now)) return;
    reader = await deps.store.employees.findByAadObjectId(user, copenhagenDate(now));
  } else if (activity.type === ActivityTypes.InstallationUpdate) {
    return; // Teams sends conversationUpdate as well; greet a team or group chat once.
  }
  await context.sendActivity(replyToActivity(deps.welcomeCard(localeFor(activity, deps.localeOverride), scope, reader)));
}

function setInvokeResponse(context: TurnContext, response: InvokeResponse): void {
  context.turnState.set(INVOKE_RESPONSE_KEY, { type: ActivityTypes.InvokeResponse, value: response });
}

function cardInvokeResponse(reply: Exclude<Reply, { kind: 'text' }>): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: renderCard(reply.card, reply.data) } };
}

function messageInvokeResponse(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}
