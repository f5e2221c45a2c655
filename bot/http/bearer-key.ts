import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { Logger } from '../log/logger.js';
import { refusalLog } from '../log/refusal-log.js';

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

/**
 * Wraps an API handler: without `Authorization: Bearer <key>` for one of `keys`, answers 401 (naming the variable the
 * keys come from) and logs the refusal (sampled) with the caller's address only.
 */
export function withBearerKey(
  keys: readonly string[],
  variable: string,
  log: Logger,
  handler: (req: Request, res: Response) => void | Promise<void>,
): (req: Request, res: Response) => void | Promise<void> {
  const authorised = bearerKeyCheck(keys);
  return async (req, res) => {
    if (!authorised(req.header('authorization'))) {
      refusalLog.warn(log, { remote: req.socket.remoteAddress, path: req.path().slice(0, 200) }, 'API call refused: missing or wrong key');
      res.header('www-authenticate', 'Bearer');
      res.send(401, { error: `Unauthorized: send Authorization: Bearer <key> with a key from ${variable}.` });
      return;
    }
    return handler(req, res);
  };
}
