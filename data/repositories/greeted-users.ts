import type { Sql } from '../sql/sql.js';

const EXISTS = 'SELECT 1 AS greeted FROM greeted_users WHERE aad_object_id = @id';
const INSERT = 'INSERT INTO greeted_users (aad_object_id, greeted_at) VALUES (@id, @now) ON CONFLICT DO NOTHING';

/** Bound on the users remembered as greeted (all are forgotten when it is reached; they are read again). */
const REMEMBERED = 10_000;

export class GreetedUserRepository {
  /** Users whose greeting was read back: rows are never deleted, so they stay greeted and need no statement again. */
  private readonly greeted = new Set<string>();

  constructor(private readonly sql: Sql) {}

  /** Records the greeting; true the first time for this user, false ever after. Reads first: most calls write nothing. */
  async markGreeted(aadObjectId: string, now: Date): Promise<boolean> {
    const id = aadObjectId.toLowerCase();
    if (this.greeted.has(id)) return false;
    if ((await this.sql.get(EXISTS, { id })) !== undefined) {
      if (this.greeted.size >= REMEMBERED) this.greeted.clear();
      this.greeted.add(id);
      return false;
    }
    // Two instances greeting at once: the unique key lets one insert and tells the other it changed nothing.
    return (await this.sql.run(INSERT, { id, now: now.toISOString() })).changes === 1;
  }
}
