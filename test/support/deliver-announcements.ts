import { fanOutDueSends } from '../../bot/announcements/fan-out.js';
import type { Store } from '../../data/store/store.js';
import { sqlColumn } from './raw-sql.js';
import { startUnleasedAttempt } from './start-unleased-attempt.js';

/**
 * Fans out every due announcement send and pretends the delivery worker sent each post (the worker itself is tested
 * with the fake connector), so a card is "delivered" where its recipients are.
 */
export async function deliverAnnouncements(store: Store, now: Date): Promise<void> {
  await fanOutDueSends(store, now);
  const rows = await sqlColumn<number>(store, "SELECT id FROM outbox WHERE state = 'pending' AND operation = 'post' AND purpose = 'announcement' ORDER BY id");
  for (const id of rows) {
    await startUnleasedAttempt(store, id, now);
    await store.outbox.markSent(id, `activity-${id}`, now);
  }
}
