import { ALERT_CARD_ACTIONS } from '../alerts/alert-actions.js';
import { channelLinkRoute } from '../alerts/channel-link-route.js';
import { deadLetterRoute } from '../delivery/dead-letter-routes.js';
import { helpRoute } from '../help/help-route.js';
import { citizenLookupRoute } from '../lookup/lookup-routes.js';
import { sharedMarkingRoute } from '../shared-citizen/request-marking.js';
import { cancelMarking, confirmMarking } from '../shared-citizen/settle-marking.js';
import { cardActionRoute } from './card-action-route.js';
import type { ChatRoute } from './chat-route.js';
import { emptyMessageRoute, fallbackRoute, personalDataOutsidePersonalChatRoute, tooLongRoute } from './guard-routes.js';

export type RouteOptions = { fallbackUnitId?: string | undefined };

/**
 * The route table, in precedence order: card presses first, then guards on the raw message, then commands, then
 * the lookup, then the fallback. The first match wins.
 */
export function chatRoutes(options: RouteOptions = {}): readonly ChatRoute[] {
  return [
    cardActionRoute([confirmMarking, cancelMarking, ...ALERT_CARD_ACTIONS]),
    emptyMessageRoute,
    tooLongRoute,
    helpRoute,
    channelLinkRoute,
    deadLetterRoute({ fallbackUnitId: () => options.fallbackUnitId }),
    personalDataOutsidePersonalChatRoute,
    sharedMarkingRoute,
    citizenLookupRoute,
    fallbackRoute,
  ];
}

export const ROUTES = chatRoutes();
