import { describe, expect, it } from 'vitest';
import { commandDatabase, databaseChoice } from '../../../bot/config/database-choice.js';
import { ConfigError, loadConfig } from '../../../bot/config/load-config.js';
import { describeDatabase } from '../../../data/open-store.js';

const PASSWORD = 'hemmeligt-kodeord';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ LOCAL_MODE: 'true', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('DATABASE_URL', () => {
  it('unset (or empty): SQLite at DATABASE_PATH, as before', () => {
    for (const env of [{}, { DATABASE_URL: '' }, { DATABASE_URL: '  ' }]) {
      const config = loadConfig({ LOCAL_MODE: 'true', DATABASE_PATH: 'var/x.sqlite', ...env });
      expect(config.DATABASE_URL).toBeUndefined();
      expect(describeDatabase(databaseChoice(config))).toBe('var/x.sqlite');
    }
  });

  it('a postgres:// or postgresql:// URL selects PostgreSQL, described as host:port/database without user or password', () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const config = loadConfig({ LOCAL_MODE: 'true', DATABASE_URL: `${scheme}://brobygger:${PASSWORD}@db.example.dk:5432/brobygger`, DATABASE_PATH: 'var/ignored.sqlite' });
      expect(config.DATABASE_URL).toBe(`${scheme}://brobygger:${PASSWORD}@db.example.dk:5432/brobygger`);
      expect(config.DATABASE_POOL_SIZE).toBe(10);
      expect(describeDatabase(databaseChoice(config))).toBe('PostgreSQL (db.example.dk:5432/brobygger)');
    }
    expect(describeDatabase(databaseChoice(loadConfig({ LOCAL_MODE: 'true', DATABASE_URL: 'postgres:///brobygger?host=/run/postgresql' })))).toBe('PostgreSQL (/run/postgresql/brobygger)');
  });

  it('anything else is refused with what to write instead, and the value (which may hold a password) is never repeated', () => {
    for (const bad of [`mysql://brobygger:${PASSWORD}@db.example.dk/brobygger`, `postgres://brobygger:${PASSWORD}@/brobygger`, `db.example.dk:5432 ${PASSWORD}`]) {
      const found = problems({ DATABASE_URL: bad });
      expect(found).toEqual([
        'DATABASE_URL: the value is not a PostgreSQL URL: write it as postgres://brobygger:<password>@db.example.dk:5432/brobygger (user, password, host, port, database)',
      ]);
      expect(found.join('\n')).not.toContain(PASSWORD);
    }
  });

  it('DATABASE_POOL_SIZE is a whole number of connections from 1 to 100', () => {
    expect(loadConfig({ LOCAL_MODE: 'true', DATABASE_POOL_SIZE: '4' }).DATABASE_POOL_SIZE).toBe(4);
    expect(problems({ DATABASE_POOL_SIZE: '0' })).toEqual(['DATABASE_POOL_SIZE (got "0"): must be at least 1']);
    expect(problems({ DATABASE_POOL_SIZE: 'many' })).toEqual(['DATABASE_POOL_SIZE (got "many"): must be a whole number of connections']);
  });

  it('for a command: PostgreSQL unless --database names a file; a bad URL gets a Danish line without the value', () => {
    const url = `postgres://brobygger:${PASSWORD}@db.example.dk/brobygger`;
    expect(commandDatabase(undefined, { DATABASE_URL: url })).toMatchObject({ ok: true, postgres: { databaseUrl: url } });
    expect(commandDatabase('var/other.sqlite', { DATABASE_URL: url })).toEqual({ ok: true, postgres: null });
    expect(commandDatabase(undefined, {})).toEqual({ ok: true, postgres: null });
    const bad = commandDatabase(undefined, { DATABASE_URL: `mysql://brobygger:${PASSWORD}@db.example.dk/brobygger` });
    expect(bad).toEqual({
      ok: false,
      message: 'DATABASE_URL er ikke en PostgreSQL-URL: skriv den som postgres://brobygger:<adgangskode>@db.example.dk:5432/brobygger, eller fjern den for at bruge SQLite-filen i DATABASE_PATH.',
    });
  });
});
