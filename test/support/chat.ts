import { pino } from 'pino';
import type { Store } from '../../data/store/store.js';
import { sqlRows } from './raw-sql.js';
import type { ChatRequest } from '../../bot/chat/chat-request.js';
import { handleChat as handleChatWith, type ChatDeps } from '../../bot/chat/handle-chat.js';
import type { ChatRoute } from '../../bot/chat/chat-route.js';
import { ROUTES } from '../../bot/compose/chat-routes.js';
import { welcomeCard } from '../../bot/welcome/welcome-card.js';
import type { Reply } from '../../bot/chat/reply.js';

export const silentLog = pino({ level: 'silent' });

/** A 1:1 message from a user, as the capabilities see it. */
export function chatRequest(user: { aadObjectId: string | null; name?: string }, text: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    user: { aadObjectId: user.aadObjectId, name: user.name ?? null },
    text,
    cardAction: null,
    locale: 'da',
    scope: 'personal',
    conversationId: null,
    now: new Date('2025-06-02T10:00:00Z'),
    ...overrides,
  };
}

/** Runs a message through a route table (by default the real one), as app.ts composes it: with the welcome card. */
export function handleChat(request: ChatRequest, deps: ChatDeps, routes: readonly ChatRoute[] = ROUTES): Promise<{ route: string; replies: Reply[] }> {
  return handleChatWith(request, deps, routes, welcomeCard);
}

/** Runs a message through the real route table; the welcome card for a first contact is left out. */
export async function ask(store: Store, request: ChatRequest): Promise<{ route: string; replies: Reply[] }> {
  if (request.user.aadObjectId) await store.greetedUsers.markGreeted(request.user.aadObjectId, request.now);
  return handleChat(request, { store, log: silentLog });
}

export function textOf(reply: Reply | undefined): string {
  if (!reply) throw new Error('no reply');
  if (reply.kind !== 'text') throw new Error(`expected a text reply, got ${reply.kind} ${'card' in reply ? reply.card : ''}`);
  return reply.text;
}

export function cardOf(reply: Reply | undefined, name: string): Record<string, any> {
  if (!reply || reply.kind === 'text' || reply.card !== name) throw new Error(`expected card ${name}, got ${JSON.stringify(reply).slice(0, 200)}`);
  return reply.data as Record<string, any>;
}

export function auditRows(store: Store): Promise<any[]> {
  return sqlRows(store, 'SELECT * FROM audit_log ORDER BY id');
}
