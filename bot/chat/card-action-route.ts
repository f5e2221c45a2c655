import type { z } from 'zod';
import { messages } from '../i18n/messages.js';
import type { ChatContext, ChatRoute } from './chat-route.js';
import type { ChatRequest } from './chat-request.js';
import { text, type Reply } from './reply.js';

/** A card button, identified by its verb, whose data is parsed with zod before the handler sees it. */
export type CardActionHandler<T> = {
  verb: string;
  schema: z.ZodType<T>;
  handle(data: T, request: ChatRequest, context: ChatContext): Reply[] | Promise<Reply[]>;
};

export function defineCardAction<T>(handler: CardActionHandler<T>): CardActionHandler<unknown> {
  return handler as CardActionHandler<unknown>;
}

/** Card presses go here before anything else; unknown verbs and forged or malformed data get a polite answer. */
export function cardActionRoute(handlers: readonly CardActionHandler<unknown>[]): ChatRoute {
  const byVerb = new Map(handlers.map((handler) => [handler.verb, handler]));
  return {
    name: 'card-action',
    matches: (request) => request.cardAction !== null,
    handle: async (request, context) => {
      const m = messages(request.locale);
      const action = request.cardAction!;
      const handler = byVerb.get(action.verb);
      if (!handler) {
        context.log.warn({ verb: action.verb.slice(0, 64) }, 'card action with an unknown verb');
        return [text(m.cardActions.unknown)];
      }
      const parsed = handler.schema.safeParse(action.data);
      if (!parsed.success) {
        context.log.warn({ verb: action.verb, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) }, 'card action data rejected');
        return [text(m.cardActions.invalid)];
      }
      return handler.handle(parsed.data, request, context);
    },
  };
}
