import { closesAt } from '../../domain/calendar/opening-hours.js';
import type { OpeningHours } from '../../domain/calendar/opening-hours.js';
import { toCopenhagen } from '../../domain/calendar/copenhagen-time.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Beyond this, when it closes is too far off to be worth saying. */
const UNTIL_SHOWN_MS = 7 * DAY_MS;

export type OpenStatus = { kind: 'all-day'; until: Date | null } | { kind: 'midnight' } | { kind: 'until'; closes: Date };

/**
 * How long the hotline stays open from now, in the terms a caller thinks in: round the clock (for at least a
 * day, perhaps until a stated time), until midnight, or until a time of day. Null when it is closed.
 */
export function openStatus(hours: OpeningHours, now: Date): OpenStatus | null {
  const closes = closesAt(hours, now);
  if (!closes) return null;
  const left = closes.getTime() - now.getTime();
  if (left >= DAY_MS) return { kind: 'all-day', until: left > UNTIL_SHOWN_MS ? null : closes };
  const wall = toCopenhagen(closes);
  if (wall.hour === 0 && wall.minute === 0) return { kind: 'midnight' };
  return { kind: 'until', closes };
}
