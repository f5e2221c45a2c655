import type { PostgresMigration } from './postgres-migration.js';

/** SQLite's migration 17 (data/migrations/017-delivery-leases.ts): outbox leases and the shared send budget. */
export const deliveryLeases: PostgresMigration = {
  version: 17,
  name: 'delivery-leases',
  sql: `
ALTER TABLE outbox ADD COLUMN lease_owner text;
ALTER TABLE outbox ADD COLUMN lease_until text;

CREATE TABLE delivery_sends (
  scope_key   text NOT NULL,
  sent_at_ms  bigint NOT NULL
);
CREATE INDEX delivery_sends_by_scope ON delivery_sends (scope_key, sent_at_ms);

CREATE TABLE delivery_holds (
  scope_key  text PRIMARY KEY,
  until_ms   bigint NOT NULL
);
`,
};
