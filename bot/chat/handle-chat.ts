import { isBusyError } from '../../data/store/store-busy.js';
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
  const firstContact = request.scope === 'personal' && request.user.aadObjectId !== null && markGreetedUnlessBusy(deps.store, request.user.aadObjectId, request.now);
  return { route: route.name, replies: firstContact ? [welcomeCard(request.locale, request.scope, context.asker()), ...replies] : replies };
}

/** The welcome may wait for a later message; the answer, already committed (audit), must not be lost for it. */
function markGreetedUnlessBusy(store: Store, aadObjectId: string, now: Date): boolean {
  try {
    return store.greetedUsers.markGreeted(aadObjectId, now);
  } catch (error) {
    if (isBusyError(error)) return false;
    throw error;
  }
}

export type ChatDeps = { store: Store; log: Logger };

function chatContext(request: ChatRequest, deps: ChatDeps): ChatContext {
  let resolved: { employee: Employee | null } | null = null;
  return {
    store: deps.store,
    log: deps.log,
    asker: () => {
      resolved ??= { employee: request.user.aadObjectId ? deps.store.employees.findByAadObjectId(request.user.aadObjectId, copenhagenDate(request.now)) : null };
      return resolved.employee;
    },
  };
}
