import type { ConnectorCall } from './fake-connector.js';

/** Cards are large and a wait polls the growing list of calls: each body is searched once (the connector shares the process). */
const known = new WeakMap<ConnectorCall, number | null>();

/** The alert a posted card is about (its actions carry `alertId`), or null for anything else. */
export function alertIdOf(call: ConnectorCall): number | null {
  if (known.has(call)) return known.get(call)!;
  const match = /"alertId":"?(\d+)/.exec(JSON.stringify(call.body ?? null));
  const id = match ? Number(match[1]) : null;
  known.set(call, id);
  return id;
}

/** How often each alert's card was posted as a new message (updates of a card are not posts), by alert id. */
export function postsPerAlert(calls: readonly ConnectorCall[]): Map<number, number> {
  const posts = new Map<number, number>();
  for (const call of calls) {
    if (call.operation !== 'send') continue;
    const id = alertIdOf(call);
    if (id !== null) posts.set(id, (posts.get(id) ?? 0) + 1);
  }
  return posts;
}
