import type { Store } from '../../data/store/store.js';
import { containsCpr } from '../../domain/cpr/find-cpr.js';
import type { Locale } from '../i18n/locale.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import type { AnnouncementInput } from './announcement-schema.js';
import { firstSendAt } from './schedule.js';

/** A send time this far in the past still counts as "now" (a form filled in over a minute boundary). */
const PAST_GRACE_MS = 60_000;
const MAX_AHEAD_MS = 366 * 24 * 3600_000;

/**
 * What the schema cannot see: units unknown on the send date, a send time in the past or too far ahead, channel
 * delivery for groups that have no channel, a repetition that ends before it starts. Messages in the caller's
 * language (the API answers in English).
 */
export async function checkAnnouncement(store: Store, input: AnnouncementInput, now: Date, locale: Locale): Promise<string[]> {
  const m = messages(locale).announcements.problems;
  const problems = contentProblems(input, locale);
  const sendAt = input.send_at ? new Date(input.send_at) : null;
  if (sendAt && sendAt.getTime() < now.getTime() - PAST_GRACE_MS) problems.push(m.pastSendTime);
  if (sendAt && sendAt.getTime() > now.getTime() + MAX_AHEAD_MS) problems.push(m.tooFarAhead);
  const sendDate = copenhagenDate(sendAt && sendAt > now ? sendAt : now);
  const unknown: string[] = [];
  for (const id of input.audience.units ?? []) if (!(await store.units.findById(id, sendDate))) unknown.push(id);
  if (unknown.length > 0) problems.push(m.unknownUnits(unknown.map((id) => `"${id}"`).join(', ')));
  const { all, administrations, units } = input.audience;
  if (input.delivery === 'channels' && !all && !administrations && !units) problems.push(m.channelsForPeopleOnly);
  if (input.recurrence && problems.length === 0) {
    const start = { sendAt: input.send_at ? new Date(input.send_at).toISOString() : null, createdAt: now.toISOString(), recurrence: input.recurrence };
    if (!firstSendAt(start, now)) problems.push(m.recurrenceEnded);
  }
  return problems;
}

/** An announcement goes to channels and many people: it must not carry a CPR number (a corrected one neither). */
export function contentProblems(content: Pick<AnnouncementInput, 'title' | 'text' | 'url'>, locale: Locale): string[] {
  const cpr = [content.title, content.text, content.url ?? ''].some(containsCpr);
  return cpr ? [messages(locale).announcements.problems.cpr] : [];
}
