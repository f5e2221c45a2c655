import { z } from 'zod';
import type { Announcement } from '../../data/repositories/announcements.js';
import type { Store } from '../../data/store/store.js';
import { fromCopenhagen, toCopenhagen } from '../../domain/calendar/copenhagen-time.js';
import type { Locale } from '../i18n/locale.js';
import { optionalCardId } from '../chat/card-id.js';
import { replaceCard, type Reply } from '../chat/reply.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import { messages } from '../i18n/messages.js';
import { ADMINISTRATIONS, announcementInputSchema, type AnnouncementInput } from './announcement-schema.js';
import { audienceOf } from './describe-announcement.js';
import { WEEK_ORDINALS, WEEKDAYS } from './recurrence.js';
import { recurrenceOf } from './schedule.js';

const field = z.string().max(10_000).catch('');

/** What the form sends back: Adaptive Card inputs are strings (a multi-select is comma-separated). */
export const formSchema = z.object({
  title: field,
  text: field,
  url: field,
  audience: field,
  units: field,
  delivery: field,
  when: field,
  sendDate: field,
  sendTime: field,
  every: field,
  week: field,
  weekday: field,
  recurTime: field,
  correctsId: optionalCardId,
});

export type FormValues = Omit<z.infer<typeof formSchema>, 'correctsId'>;

const EMPTY: FormValues = { title: '', text: '', url: '', audience: '', units: '', delivery: 'channels', when: 'now', sendDate: '', sendTime: '', every: '3', week: 'first', weekday: 'tuesday', recurTime: '09:00' };

const list = (value: string) => value.split(',').map((part) => part.trim()).filter(Boolean);
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d/;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The form as an API input (one schema for both), or the problems in the user's language, one per field. */
export function inputFromForm(values: FormValues, locale: Locale): { ok: true; input: AnnouncementInput } | { ok: false; problems: string[] } {
  const chosen = new Set(list(values.audience));
  const units = list(values.units);
  const audience = {
    ...(chosen.has('all') ? { all: true } : {}),
    ...(ADMINISTRATIONS.some((code) => chosen.has(code)) ? { administrations: ADMINISTRATIONS.filter((code) => chosen.has(code)) } : {}),
    ...(units.length > 0 ? { units } : {}),
    ...(chosen.has('contact_persons') ? { contact_persons: true } : {}),
    ...(chosen.has('hotline_agents') ? { hotline_agents: true } : {}),
  };
  const problems = new Set<string>();
  const m = messages(locale).announcements.formProblems;
  const at = (date: string, time: string) => {
    try {
      return fromCopenhagen(date, minutesOf(time)).toISOString();
    } catch {
      return null;
    }
  };
  let sendAt: string | null = null;
  let recurrence: Record<string, unknown> | null = null;
  if (values.when === 'at') {
    sendAt = CLOCK.test(values.sendTime) ? at(values.sendDate, values.sendTime) : null;
    if (!sendAt) problems.add(m.send_at!);
  } else if (values.when === 'recurring') {
    recurrence = {
      every_months: Number(values.every),
      ...(values.week === 'day1' ? { day: 1 } : { week: values.week, weekday: values.weekday }),
      time: values.recurTime.slice(0, 5),
    };
    if (values.sendDate) sendAt = at(values.sendDate, CLOCK.test(values.sendTime) ? values.sendTime : '00:00');
  }
  const parsed = announcementInputSchema.safeParse({
    title: values.title,
    text: values.text,
    url: values.url.trim() === '' ? null : values.url.trim(),
    audience,
    delivery: values.delivery,
    send_at: sendAt,
    recurrence,
  });
  if (!parsed.success) for (const issue of parsed.error.issues) problems.add(m[String(issue.path[0])] ?? m.title!);
  if (problems.size > 0 || !parsed.success) return { ok: false, problems: [...problems] };
  return { ok: true, input: parsed.data };
}

/** The form filled in from a draft (for "Ret" on a preview) or an announcement being corrected. */
export function formValuesOf(announcement: Announcement): FormValues {
  const audience = audienceOf(announcement);
  const rule = recurrenceOf(announcement);
  const wall = announcement.sendAt ? toCopenhagen(new Date(announcement.sendAt)) : null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    title: announcement.title,
    text: announcement.body,
    url: announcement.url ?? '',
    audience: [
      ...(audience.all ? ['all'] : []),
      ...(audience.administrations ?? []),
      ...(audience.contact_persons ? ['contact_persons'] : []),
      ...(audience.hotline_agents ? ['hotline_agents'] : []),
    ].join(','),
    units: (audience.units ?? []).join(','),
    delivery: announcement.delivery,
    when: rule ? 'recurring' : announcement.sendAt ? 'at' : 'now',
    sendDate: announcement.sendAt ? copenhagenDate(new Date(announcement.sendAt)) : '',
    sendTime: wall ? `${pad(wall.hour)}:${pad(wall.minute)}` : '',
    every: String(rule?.every_months ?? 3),
    week: rule ? (rule.day !== undefined ? 'day1' : rule.week!) : 'first',
    weekday: rule?.weekday ?? 'tuesday',
    recurTime: rule?.time ?? '09:00',
  };
}

/** The form card: empty, refilled after a problem (with the problems on top), or for a correction (content only). */
export async function formCard(store: Store, locale: Locale, now: Date, options: { values?: FormValues; problems?: string[]; correcting?: Announcement } = {}): Promise<Reply> {
  const m = messages(locale).announcements;
  const today = copenhagenDate(now);
  const choices = (entries: Record<string, string>) => Object.entries(entries).map(([value, title]) => ({ title, value }));
  const { correcting } = options;
  return replaceCard('announcement-form', {
    lang: locale,
    heading: correcting ? m.correctHeading(correcting.title) : m.formHeading,
    intro: correcting ? m.correctIntro : m.formIntro,
    errors: options.problems ?? [],
    correcting: Boolean(correcting),
    labels: m.labels,
    values: options.values ?? (correcting ? formValuesOf(correcting) : EMPTY),
    choices: {
      audience: choices(m.audienceChoices),
      units: (await store.units
        .allInForce(today))
        .filter((unit) => unit.administration !== 'BIF-SOF')
        .map((unit) => ({ title: `${unit.name} (${unit.administration})`, value: unit.id })),
      delivery: choices(m.deliveryChoices),
      when: choices(m.whenChoices),
      every: [1, 2, 3, 4, 6, 12].map((months) => ({ title: m.everyChoice(months), value: String(months) })),
      week: ['day1', ...WEEK_ORDINALS].map((value) => ({ title: m.weekChoices[value]!, value })),
      weekday: WEEKDAYS.slice(0, 5).map((value) => ({ title: m.weekdays[value]!, value })),
    },
    preview: { title: m.previewButton, correctsId: correcting ? String(correcting.id) : '' },
    cancel: { title: m.cancelButton },
  });
}
