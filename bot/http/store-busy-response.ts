import type { Response } from 'restify';

/** Long enough for a daily import's merge to finish; a caller retrying sooner just gets 503 again. */
export const STORE_BUSY_RETRY_AFTER_SECONDS = 5;

/** 503 with Retry-After: another process holds the database's write lock, and nothing was stored. */
export function sendStoreBusy(res: Response): void {
  res.header('retry-after', String(STORE_BUSY_RETRY_AFTER_SECONDS));
  res.send(503, { error: 'The database is busy (another process holds its write lock); nothing was stored. Retry after the seconds in Retry-After.' });
}
