import { helpRoute } from '../help/help-route.js';
import { citizenLookupRoute } from '../lookup/lookup-routes.js';
import { sharedMarkingRoute } from '../shared-citizen/request-marking.js';
import { cancelMarking, confirmMarking } from '../shared-citizen/settle-marking.js';
import { cardActionRoute } from './card-action-route.js';
import type { ChatRoute } from './chat-route.js';
import { emptyMessageRoute, fallbackRoute, personalDataOutsidePersonalChatRoute, tooLongRoute } from './guard-routes.js';

/**
 * The route table, in precedence order: card presses first, then guards on the raw message, then commands, then
 * the lookup, then the fallback. The first match wins.
 */
export const ROUTES: readonly ChatRoute[] = [
  cardActionRoute([confirmMarking, cancelMarking]),
  emptyMessageRoute,
  tooLongRoute,
  helpRoute,
  personalDataOutsidePersonalChatRoute,
  sharedMarkingRoute,
  citizenLookupRoute,
  fallbackRoute,
];
