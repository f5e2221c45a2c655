import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type ScratchDatabase = {
  /** The server's URL with this database's name. */
  url: string;
  drop(): Promise<void>;
};

/**
 * An empty database of its own on the test server, named `<prefix>_<random>`, with C collation (SQLite's BINARY order
 * decides ORDER BY on both engines). `drop()` removes it; `force` also ends sessions still open in it (a killed
 * process's); without it PostgreSQL waits a few seconds for closing sessions, and one still open is a leak to report.
 */
export async function scratchDatabase(serverUrl: string, prefix: string, options: { force?: boolean } = {}): Promise<ScratchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name} LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name}${options.force ? ' WITH (FORCE)' : ''}`);
      } finally {
        await admin.end();
      }
    },
  };
}
