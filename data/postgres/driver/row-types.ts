import pg from 'pg';

/**
 * Column values in the shape better-sqlite3 gives them, so a repository's row types hold on both engines:
 * integers (bigint identities, count(*)) as numbers, or as a BigInt beyond 2^53 rather than rounded; numeric as a
 * number (SQLite's REAL); booleans as 1/0; json and dates as their text; timestamptz as an ISO 8601 string.
 * Set per pool, not on pg's global parsers, so no other user of `pg` in the process is changed.
 */
const OID = { bool: 16, int8: 20, json: 114, date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700, jsonb: 3802 } as const;

function integer(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

const asText = (text: string) => text;

const parseTimestamptz = pg.types.getTypeParser(OID.timestamptz, 'text') as (text: string) => Date | string;

/** 'infinity' and '-infinity' stay as text: they have no ISO form. */
function isoInstant(text: string): string {
  const parsed = parseTimestamptz(text);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : text;
}

const textParsers: Record<number, (text: string) => unknown> = {
  [OID.int8]: integer,
  [OID.numeric]: Number,
  [OID.bool]: (text) => (text === 't' ? 1 : 0),
  [OID.json]: asText,
  [OID.jsonb]: asText,
  [OID.date]: asText,
  [OID.timestamp]: asText,
  [OID.timestamptz]: isoInstant,
};

export const sqliteShapedTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parser = format !== 'binary' ? textParsers[oid] : undefined;
    return parser ?? pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;
