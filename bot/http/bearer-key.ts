import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <key>` against the configured keys (several, so a key can be rotated). Keys are
 * compared as SHA-256 digests in constant time, so neither a key's content nor its length leaks through timing.
 */
export function bearerKeyCheck(keys: readonly string[]): (authorization: string | undefined) => boolean {
  const known = keys.map(digest);
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return false;
    const offered = digest(match[1]!);
    let ok = false;
    for (const key of known) ok = timingSafeEqual(key, offered) || ok;
    return ok;
  };
}
