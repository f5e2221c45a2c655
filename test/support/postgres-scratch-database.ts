import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type ScratchDatabase = {
  name: string;
  /** The server's URL with this database's name. */
  url: string;
  drop(): Promise<void>;
};

/**
 * `template` given: a copy of that database (its collation with it). PostgreSQL refuses the copy while anyone is
 * connected to the template, and a session that just closed may still be ending: that refusal is retried briefly.
 */
async function createDatabase(admin: pg.Client, name: string, template: string | undefined): Promise<void> {
  if (!template) {
    await admin.query(`CREATE DATABASE ${name} LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * WITH (FORCE) refuses while a background process of the server's own (autovacuum after a bulk insert) is in the
 * database, which the test role may not end: it finishes in moments, so the drop is retried briefly.
 */
async function dropDatabase(admin: pg.Client, statement: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(statement);
      return;
    } catch (error) {
      if (attempt >= 50 || (error as { code?: string }).code !== '42501') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * An empty database of its own on the test server, named `<prefix>_<random>`, with C collation (SQLite's BINARY order
 * decides ORDER BY on both engines). `drop()` removes it; `force` also ends sessions still open in it (a killed
 * process's); without it PostgreSQL waits a few seconds for closing sessions, and one still open is a leak to report.
 */
export async function scratchDatabase(serverUrl: string, prefix: string, options: { force?: boolean; template?: string } = {}): Promise<ScratchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await createDatabase(admin, name, options.template);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      try {
        await dropDatabase(admin, `DROP DATABASE IF EXISTS ${name}${options.force ? ' WITH (FORCE)' : ''}`);
      } finally {
        await admin.end();
      }
    },
  };
}
