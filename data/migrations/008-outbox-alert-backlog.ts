import type { Migration } from './migration.js';

/**
 * POST /api/events refuses new events while too many alert messages wait to be sent (ALERT_BACKLOG_LIMIT). This
 * partial index holds only those rows, so counting them costs the backlog's size, not the outbox's history.
 */
export const outboxAlertBacklog: Migration = {
  version: 8,
  name: 'outbox-alert-backlog',
  sql: `
CREATE INDEX outbox_pending_alerts ON outbox (alert_id) WHERE state = 'pending' AND alert_id IS NOT NULL;
`,
};
