import type { Next, Request, Response } from 'restify';
import type { Logger } from '../log/logger.js';
import { refusalLog } from '../log/refusal-log.js';

/** Our query strings are a phone number and a topic, or a month; this is far more than they need. */
const QUERY_LIMIT = 2048;

type Query = Record<string, string | string[]>;

/**
 * `req.query` as flat strings (a name given twice becomes a list, which the endpoints' schemas refuse): no nesting,
 * no arrays by index, no prototype keys, and a query string over QUERY_LIMIT characters gets 414.
 */
export function queryParser(log: Logger) {
  return (req: Request, res: Response, next: Next): void => {
    const raw = req.getQuery() ?? '';
    if (raw.length > QUERY_LIMIT) {
      refusalLog.warn(log, { path: req.path().slice(0, 200), length: raw.length }, 'request refused: query string too long');
      res.send(414, { error: `The query string is longer than ${QUERY_LIMIT} characters.` });
      next(false);
      return;
    }
    const query: Query = Object.create(null);
    for (const [name, value] of new URLSearchParams(raw)) {
      const earlier = query[name];
      query[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
    }
    req.query = query;
    next();
  };
}
