import type { Announcement } from '../../data/repositories/announcements.js';
import type { Repositories } from '../../data/store/store.js';
import type { Locale } from '../i18n/locale.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { formatDate, formatDateTime } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { audienceSchema, type Audience } from './announcement-schema.js';
import type { Recurrence } from './recurrence.js';
import type { GroupKey } from './resolve-audience.js';
import { firstSendAt, recurrenceOf } from './schedule.js';

/** "Hele SOF, Rusmiddel og Behandling, Kontaktpersonnetværket". */
export async function describeAudience(store: Repositories, audience: Audience, date: string, locale: Locale): Promise<string> {
  const m = messages(locale).announcements;
  if (audience.all) return m.audienceChoices.all!;
  const unitNames: string[] = [];
  for (const id of audience.units ?? []) unitNames.push((await store.units.findById(id, date))?.name ?? id);
  const parts = [
    ...(audience.administrations ?? []).map((code) => m.audienceChoices[code] ?? code),
    ...unitNames,
    ...(audience.contact_persons ? [m.audienceChoices.contact_persons!] : []),
    ...(audience.hotline_agents ? [m.audienceChoices.hotline_agents!] : []),
  ];
  return parts.join(', ');
}

/** The label of an audience group in the report. */
export async function describeGroup(store: Repositories, group: GroupKey, date: string, locale: Locale): Promise<string> {
  const m = messages(locale).announcements;
  const [kind, id = ''] = group.split(/:(.*)/s);
  if (kind === 'administration') return m.audienceChoices[id] ?? (await store.units.administrationNames(id))?.[locale] ?? id;
  if (kind === 'unit') return (await store.units.findById(id, date))?.name ?? id;
  return m.report.groups[id] ?? group;
}

/** "hver 3. måned, første tirsdag kl. 09.00 (flyttes …)". */
export function describeRecurrence(rule: Recurrence, locale: Locale): string {
  const m = messages(locale).announcements;
  const day = rule.day !== undefined ? m.dayOfMonth(rule.day) : m.weekdayOfMonth(m.weekChoices[rule.week!]!, m.weekdays[rule.weekday!]!);
  const time = locale === 'da' ? rule.time.replace(':', '.') : rule.time;
  return m.recurrenceText(m.everyChoice(rule.every_months), day, time) + (rule.until ? m.until(formatDate(rule.until, locale)) : '');
}

/** When it goes out: now, at a time, or the rule with its first date. */
export function describeWhen(announcement: Pick<Announcement, 'sendAt' | 'createdAt' | 'recurrence'>, now: Date, locale: Locale): string {
  const m = messages(locale).announcements;
  const rule = recurrenceOf(announcement);
  if (rule) {
    const first = firstSendAt(announcement, now);
    return m.whenRecurring(describeRecurrence(rule, locale), first ? formatDateTime(first, locale) : null);
  }
  if (announcement.sendAt && new Date(announcement.sendAt).getTime() > now.getTime()) return m.whenAt(formatDateTime(announcement.sendAt, locale));
  return m.whenNow;
}

export function audienceOf(announcement: Announcement): Audience {
  return audienceSchema.parse(announcement.audience);
}

/** The date the audience is resolved on: the first send's date. */
export function sendDateOf(announcement: Pick<Announcement, 'sendAt' | 'createdAt' | 'recurrence'>, now: Date): string {
  return copenhagenDate(firstSendAt(announcement, now) ?? now);
}
