import type { Migration } from './migration.js';

/**
 * Several instances deliver from one outbox (issue 15): a row being sent carries its sender and how long the claim
 * lasts (an instance that died is taken over after it), and Teams' rate limits are counted in the database, so all
 * instances share one budget: one row per send per scope ('c:' + base conversation id, 't:' + tenant id), and a
 * scope's Retry-After after a 429. The same tables on PostgreSQL: data/postgres/migrations/002-delivery-leases.ts.
 */
export const deliveryLeases: Migration = {
  version: 17,
  name: 'delivery-leases',
  sql: `
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_until TEXT;

CREATE TABLE delivery_sends (
  scope_key   TEXT NOT NULL,
  sent_at_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX delivery_sends_by_scope ON delivery_sends (scope_key, sent_at_ms);

CREATE TABLE delivery_holds (
  scope_key  TEXT PRIMARY KEY,
  until_ms   INTEGER NOT NULL
) STRICT;
`,
};
