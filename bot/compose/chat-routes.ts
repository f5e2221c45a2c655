import { alertCardActions } from '../alerts/alert-actions.js';
import { channelLinkRoute } from '../alerts/channel-link-route.js';
import { announcementReportsRoute } from '../announcements/announcement-report-routes.js';
import { ANNOUNCEMENT_CARD_ACTIONS, announcementCommandRoute } from '../announcements/announcement-routes.js';
import { deadLetterRoute } from '../dead-letters/dead-letter-routes.js';
import { guideReportRoute } from '../guide/guide-report-route.js';
import { guideFallbackRoute, guideRoute, openGuideEntry, showMoreGuideResults } from '../guide/guide-routes.js';
import { DEFAULT_GUIDE_SEARCH_LOG_DAYS } from '../guide/log-guide-search.js';
import { helpRoute } from '../help/help-route.js';
import { consentSettings, type ConsentSettings } from '../consent/consent-settings.js';
import { hotlineRoute } from '../hotline/hotline-routes.js';
import { defaultHotlineSettings, type HotlineSettings } from '../hotline/hotline-settings.js';
import { citizenLookupRoute } from '../lookup/lookup-routes.js';
import { sharedMarkingRoute } from '../shared-citizen/request-marking.js';
import { sharedMarkingCardActions } from '../shared-citizen/settle-marking.js';
import { statusRoute } from '../status/status-route.js';
import { sampleCheckRoute } from '../sample-check/sample-check-route.js';
import { cardActionRoute } from '../chat/card-action-route.js';
import { commandNearMissRoute } from '../help/command-near-miss.js';
import type { LookupResult } from '../metrics/metric-labels.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { emptyMessageRoute, personalDataOutsidePersonalChatRoute, tooLongRoute } from '../guards/guard-routes.js';

export type RouteOptions = { fallbackUnitId?: string | undefined; hotline?: HotlineSettings; consent?: ConsentSettings; guideSearchLogDays?: number; lookupCounted?: (result: LookupResult) => void };

/**
 * The route table, in precedence order: card presses first, then guards on the raw message, then commands, then the
 * lookup, then a one-word near-miss of a command ("hjlp"), then the guide for anything else. The first match wins.
 * The personal-data guard comes before every command that repeats the user's words, so a CPR number written in a
 * channel is never echoed there.
 */
export function chatRoutes(options: RouteOptions = {}): readonly ChatRoute[] {
  const marking = { fallbackUnitId: () => options.fallbackUnitId };
  const guideLog = { retentionDays: options.guideSearchLogDays ?? DEFAULT_GUIDE_SEARCH_LOG_DAYS };
  const consent = options.consent ?? consentSettings();
  return [
    cardActionRoute([...sharedMarkingCardActions(marking), ...alertCardActions(consent), showMoreGuideResults, openGuideEntry, ...ANNOUNCEMENT_CARD_ACTIONS]),
    emptyMessageRoute,
    tooLongRoute,
    helpRoute,
    channelLinkRoute,
    deadLetterRoute({ fallbackUnitId: () => options.fallbackUnitId }),
    announcementCommandRoute,
    announcementReportsRoute,
    personalDataOutsidePersonalChatRoute,
    hotlineRoute(options.hotline ?? defaultHotlineSettings()),
    statusRoute,
    sampleCheckRoute(consent),
    guideReportRoute(guideLog),
    guideRoute(guideLog),
    sharedMarkingRoute(marking),
    citizenLookupRoute(consent, options.lookupCounted),
    commandNearMissRoute,
    guideFallbackRoute(guideLog),
  ];
}

export const ROUTES = chatRoutes();
