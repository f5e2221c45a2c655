import type { Request } from 'restify';
import { BodyRefused } from './body-refused.js';

/**
 * `application/json`, with no parameter or `charset=utf-8`. Structured-syntax types such as
 * `application/merge-patch+json` are refused: they mean something else, and no caller of ours sends them.
 */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

/**
 * Refuses, before a byte of the body is read, a body that is compressed (a gzip that is not gzip, or one that
 * expands to gigabytes) or that is not JSON (multipart uploads, forms): both 415.
 */
export function checkJsonBodyHeaders(req: Request): void {
  const encoding = (req.header('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new BodyRefused(415, 'Content-Encoding is not supported: send the body uncompressed.', `content-encoding ${encoding.slice(0, 40)}`, { 'accept-encoding': 'identity' });
  }
  const type = (req.header('content-type') ?? '').trim();
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw new BodyRefused(415, 'Send the body as Content-Type: application/json (UTF-8).', `content-type ${type.slice(0, 60) || '(none)'}`);
  }
}
