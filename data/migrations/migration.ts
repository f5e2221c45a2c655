import type { Db } from '../sqlite/db.js';

export type Migration = {
  /** Applied in ascending order; never renumber or edit a migration that has shipped. */
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in the same transaction: for steps SQL alone cannot do (e.g. hashing existing rows). */
  run?: (db: Db) => void;
};
