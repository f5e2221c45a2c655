import type { OutboxRow } from '../../data/repositories/outbox.js';
import type { DeliveryHooks } from './delivery-hooks.js';

/** One worker, many capabilities: each outbox row's life is handled by the hooks of its purpose. */
export function hooksByPurpose(byPurpose: Readonly<Record<string, DeliveryHooks>>, fallback: DeliveryHooks): DeliveryHooks {
  const of = (row: OutboxRow) => byPurpose[row.purpose] ?? fallback;
  return {
    render: (reads, row, now) => of(row).render(reads, row, now),
    onSent: async (tx, row, activityId, now) => of(row).onSent?.(tx, row, activityId, now),
    onConversationGone: async (tx, row, reason, now) => await of(row).onConversationGone?.(tx, row, reason, now) ?? false,
    onDead: async (tx, row, reason, now) => of(row).onDead?.(tx, row, reason, now),
  };
}
