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
 * there are none (alerts_open_by_deadline).
 */
export function routeUnroutedAlerts(store: Store, fallbackUnitId: string | undefined, now: Date): number {
  const unrouted = store.alerts.unroutedIds(BATCH);
  if (unrouted.length === 0) return 0;
  const today = copenhagenDate(now);
  const fallback = fallbackUnitOf(store, fallbackUnitId, today);
  return store.db.transaction(() => {
    let routed = 0;
    for (const alertId of unrouted) {
      const alert = store.alerts.find(alertId)!;
      const event = store.events.find(alert.webhookId)!;
      const route = routeAlert(store, event.cpr!, event.eventDate, fallback, today);
      if (!route.channelId) continue;
      store.alerts.rerouted(alertId, route.channelId, route.reason);
      for (const post of store.outbox.waitingPostsOf(alertId)) {
        store.outbox.retargetTo(post.id, route.channelId);
        if (post.state === 'dead') store.outbox.redrive(post.id, now);
      }
      auditAlert(store, alertId, 'alert.routed', now, { reason: `channel-reachable:${route.reason}`, unitId: route.unitId, channelId: route.channelId });
      routed++;
    }
    return routed;
  })();
}

