import { z } from 'zod';

const EXAMPLE = 'postgres://brobygger:<password>@db.example.dk:5432/brobygger';

/**
 * A `postgres://` (or `postgresql://`) URL with a host, either a name/address or a socket folder in `?host=`.
 * The message names the setting and an example, never the value (it may hold a password).
 */
export function postgresUrlSchema(setting = 'DATABASE_URL') {
  return z
    .string({ error: `${setting} is missing: it must be a PostgreSQL URL such as ${EXAMPLE}` })
    .trim()
    .refine(
      (value) => {
        if (!URL.canParse(value)) return false;
        const url = new URL(value);
        return /^postgres(ql)?:$/.test(url.protocol) && (url.hostname !== '' || url.searchParams.has('host'));
      },
      { error: `${setting} is not a PostgreSQL URL: write it as ${EXAMPLE} (user, password, host, port, database)` },
    );
}

/** The URL as written, or an Error whose message says what is expected (without repeating the URL). */
export function parsePostgresUrl(value: unknown, setting = 'DATABASE_URL'): string {
  const parsed = postgresUrlSchema(setting).safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? `${setting} is not a PostgreSQL URL`);
  return parsed.data;
}

/** Host, port and database only: for log lines and messages. */
export function describePostgresUrl(url: string): string {
  const { hostname, port, pathname, searchParams } = new URL(url);
  const host = hostname || searchParams.get('host') || '';
  return `${host}${port ? `:${port}` : ''}${pathname}`;
}
