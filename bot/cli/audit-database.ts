import { existsSync } from 'node:fs';

export const DEFAULT_DATABASE = 'var/brobygger.sqlite';
/** Where `npm run dev` keeps its database unless DATABASE_PATH says otherwise (bot/cli/dev.ts). */
export const DEMO_DATABASE = 'var/demo.sqlite';

export type AuditDatabase = { ok: true; path: string } | { ok: false; message: string };

/**
 * The database the audit extract is read from: `--database`, else DATABASE_PATH, else the production default.
 * The demo database is only ever named, never used in its place: an extract is handed to a citizen, and one read
 * from the wrong database must not look like an answer.
 */
export function auditDatabase(option: string | undefined, env: NodeJS.ProcessEnv): AuditDatabase {
  const chosen = option ?? (env.DATABASE_PATH || undefined);
  const path = chosen ?? DEFAULT_DATABASE;
  if (existsSync(path)) return { ok: true, path };
  const missing = `Databasen ${path} findes ikke.`;
  if (chosen === undefined && existsSync(DEMO_DATABASE)) {
    return {
      ok: false,
      message: `${missing} Efter npm run dev ligger demo-databasen i ${DEMO_DATABASE}:\n  DATABASE_PATH=${DEMO_DATABASE} npm run audit -- --cpr <cpr-nummer>`,
    };
  }
  return { ok: false, message: chosen === undefined ? `${missing} Angiv databasen med DATABASE_PATH=<sti> eller --database <sti>.` : missing };
}
