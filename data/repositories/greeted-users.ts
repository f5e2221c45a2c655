import type { Db } from '../store/open-database.js';

export class GreetedUserRepository {
  private readonly exists;
  private readonly insert;

  constructor(db: Db) {
    this.exists = db.prepare('SELECT 1 FROM greeted_users WHERE aad_object_id = ?').pluck();
    this.insert = db.prepare('INSERT OR IGNORE INTO greeted_users (aad_object_id, greeted_at) VALUES (?, ?)');
  }

  /** Records the greeting; true the first time for this user, false ever after. Reads first: most calls write nothing. */
  markGreeted(aadObjectId: string, now: Date): boolean {
    const id = aadObjectId.toLowerCase();
    if (this.exists.get(id) !== undefined) return false;
    return this.insert.run(id, now.toISOString()).changes === 1;
  }
}
