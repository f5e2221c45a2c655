import type { Request } from 'restify';
import { BodyRefused } from './body-refused.js';
import { checkJsonBodyHeaders } from './json-body-headers.js';
import { readRawBody } from './read-raw-body.js';

/** The body parsed as JSON: 415 for a compressed or non-JSON body, 413 over the limit, 408 too slow, 400 not JSON. */
export async function readJsonBody(req: Request, limitBytes: number): Promise<unknown> {
  checkJsonBodyHeaders(req);
  const raw = await readRawBody(req, limitBytes);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BodyRefused(400, 'The body is not valid JSON.', 'body is not valid JSON');
  }
}
