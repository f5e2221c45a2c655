import type { Migration } from './migration.js';

/**
 * The operator's metrics count outbox messages by state at every scrape. Pending, sending and dead rows already
 * have partial indexes; sent rows, which grow every day, would otherwise be counted by reading the whole table.
 */
export const metricsIndexes: Migration = {
  version: 16,
  name: 'metrics-indexes',
  sql: `CREATE INDEX outbox_sent ON outbox (id) WHERE state = 'sent';`,
};
