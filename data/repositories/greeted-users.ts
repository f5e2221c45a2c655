import type { Db } from '../store/open-database.js';

export class GreetedUserRepository {
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT OR IGNORE INTO greeted_users (aad_object_id, greeted_at) VALUES (?, ?)');
  }

  /** Records the greeting; true the first time for this user, false ever after. */
  markGreeted(aadObjectId: string, now: Date): boolean {
    return this.insert.run(aadObjectId.toLowerCase(), now.toISOString()).changes === 1;
  }
}
