import type { DeliveryHooks } from '../delivery/delivery-hooks.js';
import { MARKING_NOTICE_PURPOSE, markingNoticeCard } from './marking-notice.js';

/** The notice of a marking is rendered from the outbox row alone; a dead one waits for an admin's `advis gensend`. */
export function markingDeliveryHooks(): Record<string, DeliveryHooks> {
  return { [MARKING_NOTICE_PURPOSE]: { render: async (_reads, row) => markingNoticeCard(row.message) } };
}
