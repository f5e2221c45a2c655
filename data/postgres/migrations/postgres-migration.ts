/** One PostgreSQL migration; from version 17 on, the counterpart of the SQLite migration with the same number. */
export type PostgresMigration = {
  /** Applied in ascending order; never renumber or edit a migration that has shipped. */
  version: number;
  name: string;
  sql: string;
  /**
   * The versions this migration records as applied, when it stands for more than one (the baseline stands for
   * SQLite's 1–16). Without it, just `[version, name]`.
   */
  records?: readonly (readonly [version: number, name: string])[];
};
