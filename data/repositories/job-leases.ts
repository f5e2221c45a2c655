import type { Sql } from '../sql/sql.js';

/** Taken when free, run out, or already ours (then extended); the database decides between instances asking at once. */
const TAKE = `INSERT INTO job_leases (name, owner, until_ms) VALUES (@name, @owner, @until)
  ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
  WHERE job_leases.until_ms <= @now OR job_leases.owner = @owner`;
const RELEASE = 'DELETE FROM job_leases WHERE name = @name AND owner = @owner';

/**
 * Leases on timed jobs that are not per item (issue 15): one instance at a time holds a job's lease and runs it; if
 * it dies, another takes the job over once the lease has run out.
 */
export class JobLeaseRepository {
  constructor(private readonly sql: Sql) {}

  /** Takes (or extends) the lease on `name` until `now + ms`; false while another owner holds it. */
  async tryLease(name: string, owner: string, now: Date, ms: number): Promise<boolean> {
    const at = now.getTime();
    return (await this.sql.run(TAKE, { name, owner, now: at, until: at + ms })).changes === 1;
  }

  /** Gives the lease up, if it is still ours. */
  async release(name: string, owner: string): Promise<void> {
    await this.sql.run(RELEASE, { name, owner });
  }
}
