import { isBusyError } from '../../data/sql/store-busy.js';
import type { Store } from '../../data/store/store.js';
import type { Employee } from '../../data/repositories/employees.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import type { Locale } from '../i18n/locale.js';
import type { Logger } from '../log/logger.js';
import type { ChatContext, ChatRoute } from './chat-route.js';
import type { ChatRequest, ChatScope } from './chat-request.js';
import type { Reply } from './reply.js';

/** The card that precedes a user's first message in 1:1 chat (bot/welcome/, given by the composition). */
export type WelcomeCard = (locale: Locale, scope: ChatScope, reader: Employee | null) => Reply;

/** Runs one message through the route table (bot/compose/chat-routes.ts). A user's first message in 1:1 chat is preceded by the welcome card. */
export async function handleChat(request: ChatRequest, deps: ChatDeps, routes: readonly ChatRoute[], welcomeCard: WelcomeCard): Promise<{ route: string; replies: Reply[] }> {
  const context = chatContext(request, deps);
  const route = routes.find((candidate) => candidate.matches(request))!;
  const replies = await route.handle(request, context);
  const firstContact = request.scope === 'personal' && request.user.aadObjectId !== null && (await markGreetedUnlessBusy(deps.store, request.user.aadObjectId, request.now));
  return { route: route.name, replies: firstContact ? [welcomeCard(request.locale, request.scope, await context.asker()), ...replies] : replies };
}

/** The welcome may wait for a later message; the answer, already committed (audit), must not be lost for it. */
async function markGreetedUnlessBusy(store: Store, aadObjectId: string, now: Date): Promise<boolean> {
  try {
    return await store.greetedUsers.markGreeted(aadObjectId, now);
  } catch (error) {
    if (isBusyError(error)) return false;
    throw error;
  }
}

export type ChatDeps = {
  store: Store;
  log: Logger;
  /** The registered employee behind the sender on the request's date, when the turn has read it already. */
  asker?: Employee | null;
};

function chatContext(request: ChatRequest, deps: ChatDeps): ChatContext {
  let resolved: Promise<Employee | null> | null = deps.asker === undefined ? null : Promise.resolve(deps.asker);
  return {
    store: deps.store,
    log: deps.log,
    asker: () => {
      const { aadObjectId } = request.user;
      resolved ??= aadObjectId ? deps.store.employees.findByAadObjectId(aadObjectId, copenhagenDate(request.now)) : Promise.resolve(null);
      return resolved;
    },
  };
}
