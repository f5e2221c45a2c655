import type Database from 'better-sqlite3';

/** A better-sqlite3 connection: the SQLite engine's driver handle, which never leaves data/. */
export type Db = Database.Database;
