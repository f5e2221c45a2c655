import type { Store } from '../../data/store/store.js';
import { fallbackUnitOf } from '../routing/route-alert.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { lastCompleteMonth } from '../status/month.js';
import { statusReply } from '../status/status-card.js';
import { SYSTEM_ACTOR } from './audit-announcement.js';
import { ANNOUNCEMENT_LOCALE } from './announcement-cards.js';
import type { ExtraRenderers } from './announcement-delivery-hooks.js';
import type { SendMessage } from './fan-out.js';
import { recurrenceSchema } from './recurrence.js';
import { firstSendAt } from './schedule.js';

/** The first working day of every month, 08:00 Copenhagen time. */
export const MONTHLY_STATUS_RULE = recurrenceSchema.parse({ every_months: 1, day: 1, time: '08:00' });

/**
 * The monthly status post is a recurring announcement of its own kind, run by the same scheduler: on the first
 * working day of each month, the status of the month before goes to the specialist unit's channel. Made once; if
 * the configured unit changes, the old one is cancelled and a new one made. It follows from configuration, so making
 * it is not audited; each send is (announcement.sent).
 */
export async function ensureMonthlyStatusPost(store: Store, configuredUnitId: string | undefined, now: Date): Promise<number | null> {
  const unitId = await fallbackUnitOf(store, configuredUnitId, copenhagenDate(now));
  return store.transaction(async (tx) => {
    for (const id of await tx.announcements.activeOfKind('goal-status')) {
      const existing = (await tx.announcements.find(id))!;
      if (unitId && JSON.stringify(existing.audience) === JSON.stringify({ units: [unitId] })) return id;
      await tx.announcements.endActive(id, 'cancelled', SYSTEM_ACTOR.id, now);
      await tx.announcements.cancelScheduledSends(id);
    }
    if (!unitId) return null;
    const id = await tx.announcements.create({
      kind: 'goal-status',
      state: 'active',
      title: 'Status for strategiens mål',
      body: 'Månedlig status til specialenheden.',
      url: null,
      audience: { units: [unitId] },
      delivery: 'channels',
      sendAt: null,
      recurrence: MONTHLY_STATUS_RULE,
      source: 'system',
      createdBy: SYSTEM_ACTOR.id,
      senderConversationId: null,
      now,
    });
    const first = firstSendAt((await tx.announcements.find(id))!, now);
    if (first) await tx.announcements.scheduleSend(id, first);
    return id;
  });
}

/** What a status send posts: the month before the send, fixed when it is fanned out. */
export const statusPostMessage: SendMessage = (announcement, now) => ({ kind: 'goal-status', announcementId: announcement.id, month: lastCompleteMonth(now) });

/** Renders the status card when the post is sent (figures as they stand then). */
export function statusPostRenderers(): ExtraRenderers {
  return { 'goal-status': (reads, message) => statusReply(reads, String(message.month), ANNOUNCEMENT_LOCALE) };
}
