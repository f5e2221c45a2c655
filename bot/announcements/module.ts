/** What announcements offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { announcementCommandRoute, ANNOUNCEMENT_CARD_ACTIONS } from './announcement-routes.js';
export { announcementReportsRoute } from './announcement-report-routes.js';
export { announcementDeliveryHooks } from './announcement-delivery-hooks.js';
export { announcementReportEndpoint, createAnnouncementEndpoint, withdrawAnnouncementEndpoint } from './announcement-endpoints.js';
export { AnnouncementScheduler } from './announcement-scheduler.js';
export { ensureMonthlyStatusPost, statusPostMessage, statusPostRenderers } from './monthly-status-post.js';
