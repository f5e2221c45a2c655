import type { Announcement } from '../../data/repositories/announcements.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { anchorOf, nextOccurrence, recurrenceSchema, type Recurrence } from './recurrence.js';

export function recurrenceOf(announcement: Pick<Announcement, 'recurrence'>): Recurrence | null {
  return announcement.recurrence === null ? null : recurrenceSchema.parse(announcement.recurrence);
}

/** Where a recurring announcement starts: the requested send time, or when it was made. Months are counted from there. */
function startOf(announcement: Pick<Announcement, 'sendAt' | 'createdAt'>): Date {
  return new Date(announcement.sendAt ?? announcement.createdAt);
}

/**
 * The first send: the requested time (or at once); for a recurring announcement, the rule's first date on or after
 * that. Null when a recurrence has no date left (its `until` is already past).
 */
export function firstSendAt(announcement: Pick<Announcement, 'sendAt' | 'createdAt' | 'recurrence'>, now: Date): Date | null {
  const start = startOf(announcement);
  const rule = recurrenceOf(announcement);
  if (!rule) return start.getTime() > now.getTime() ? start : now;
  const from = start.getTime() > now.getTime() ? start : now;
  return nextOccurrence(rule, anchorOf(copenhagenDate(start)), new Date(from.getTime() - 1));
}

/** The send after one that was due at `dueAt` and went out `now` (a late send after downtime does not repeat missed ones). */
export function nextSendAfter(announcement: Pick<Announcement, 'sendAt' | 'createdAt' | 'recurrence'>, dueAt: Date, now: Date): Date | null {
  const rule = recurrenceOf(announcement);
  if (!rule) return null;
  return nextOccurrence(rule, anchorOf(copenhagenDate(startOf(announcement))), dueAt.getTime() > now.getTime() ? dueAt : now);
}
