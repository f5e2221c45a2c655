import type { Store } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { auditAlert } from './audit-alert.js';
import { fallbackUnitOf, routeAlert } from '../routing/route-alert.js';

/** Alerts routed per call; the rest follow at the next call. */
const BATCH = 100;

/**
 * Open alerts that had no reachable channel when they arrived (their post dead-lettered, or not yet tried) are
 * routed again, and their post sent, as soon as a channel is reachable: after a channel is linked in chat, the bot is
 * installed somewhere, or an import gives a unit a channel. Returns how many were routed. One indexed query when
 * there are none (alerts_open_by_deadline). Each alert is routed once, also when several instances run this at the
 * same moment (the conditional update decides).
 */
export async function routeUnroutedAlerts(store: Store, fallbackUnitId: string | undefined, now: Date): Promise<number> {
  const unrouted = await store.alerts.unroutedIds(BATCH);
  if (unrouted.length === 0) return 0;
  const today = copenhagenDate(now);
  const fallback = await fallbackUnitOf(store, fallbackUnitId, today);
  return store.transaction(async (tx) => {
    let routed = 0;
    for (const alertId of unrouted) {
      const alert = (await tx.alerts.find(alertId))!;
      // Routed (or closed) by another instance since the list was read: nothing to work out.
      if (alert.channelId !== null || alert.state !== 'open') continue;
      const event = (await tx.events.find(alert.webhookId))!;
      const route = await routeAlert(tx, event.cpr!, event.eventDate, fallback, today);
      if (!route.channelId) continue;
      // Another instance may have routed it since the list was read: then it has done the rest too.
      if (!await tx.alerts.routeIfUnrouted(alertId, route.channelId, route.reason)) continue;
      for (const post of await tx.outbox.waitingPostsOf(alertId)) {
        await tx.outbox.retargetTo(post.id, route.channelId);
        if (post.state === 'dead') await tx.outbox.redrive(post.id, now);
      }
      await auditAlert(tx, alertId, 'alert.routed', now, { reason: `channel-reachable:${route.reason}`, unitId: route.unitId, channelId: route.channelId });
      routed++;
    }
    return routed;
  });
}

