import type { Migration } from './migration.js';

/**
 * Timed work that is not per item (the daily retention run) runs in one instance at a time (issue 15): the instance
 * holding a job's lease runs it; another takes it over once the lease has run out (its holder died). The same table
 * on PostgreSQL: data/postgres/migrations/003-job-leases.ts.
 */
export const jobLeases: Migration = {
  version: 18,
  name: 'job-leases',
  sql: `
CREATE TABLE job_leases (
  name      TEXT PRIMARY KEY,
  owner     TEXT NOT NULL,
  until_ms  INTEGER NOT NULL
) STRICT;
`,
};
