import type { PostgresMigration } from './postgres-migration.js';

/** SQLite's migration 18 (data/migrations/018-job-leases.ts): one instance at a time runs a timed job. */
export const jobLeases: PostgresMigration = {
  version: 18,
  name: 'job-leases',
  sql: `
CREATE TABLE job_leases (
  name      text PRIMARY KEY,
  owner     text NOT NULL,
  until_ms  bigint NOT NULL
);
`,
};
