/** What the guide offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { guideFallbackRoute, guideRoute, openGuideEntry, showMoreGuideResults } from './guide-routes.js';
export { guideReportRoute } from './guide-report-route.js';
export { DEFAULT_GUIDE_SEARCH_LOG_DAYS } from './log-guide-search.js';
