import { alertCardActions, channelLinkRoute } from '../alerts/module.js';
import { ANNOUNCEMENT_CARD_ACTIONS, announcementCommandRoute, announcementReportsRoute } from '../announcements/module.js';
import { deadLetterRoute } from '../dead-letters/module.js';
import { DEFAULT_GUIDE_SEARCH_LOG_DAYS, guideFallbackRoute, guideReportRoute, guideRoute, openGuideEntry, showMoreGuideResults } from '../guide/module.js';
import { commandNearMissRoute, helpRoute } from '../help/module.js';
import { type ConsentSettings, consentSettings } from '../consent/module.js';
import { defaultHotlineSettings, hotlineRoute, type HotlineSettings } from '../hotline/module.js';
import { citizenLookupRoute } from '../lookup/module.js';
import { sharedMarkingCardActions, sharedMarkingRoute } from '../shared-citizen/module.js';
import { statusRoute } from '../status/module.js';
import { sampleCheckRoute } from '../sample-check/module.js';
import { cardActionRoute } from '../chat/card-action-route.js';
import type { LookupResult } from '../metrics/metric-labels.js';
import type { ChatRoute } from '../chat/chat-route.js';
import { emptyMessageRoute, personalDataOutsidePersonalChatRoute, tooLongRoute } from '../guards/module.js';

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
