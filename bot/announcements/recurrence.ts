import { z } from 'zod';
import { fromCopenhagen, weekdayOf } from '../../domain/calendar/copenhagen-time.js';
import { isClosedDay } from '../../domain/calendar/danish-holidays.js';
import { addDays, isoDate } from '../../domain/dates/iso-date.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const WEEK_ORDINALS = ['first', 'second', 'third', 'fourth', 'last'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type WeekOrdinal = (typeof WEEK_ORDINALS)[number];

const clockTime = z
  .string({ message: 'time is required, as HH:MM Copenhagen time (e.g. "09:00")' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM Copenhagen time, 00:00 to 23:59 (e.g. "09:00")');

/**
 * A monthly rule: every `every_months` months on a day of the month (1–28, so every month has it) or on the first …
 * last weekday of the month, at a Copenhagen wall-clock time, optionally until a date. A date on which the
 * municipality is closed (weekend, public holiday, agreed closed day) moves to the next working day.
 */
export const recurrenceSchema = z
  .object({
    every_months: z.number({ message: 'every_months is required: a whole number of months from 1 to 12' }).int('every_months must be a whole number').min(1, 'every_months must be 1 to 12').max(12, 'every_months must be 1 to 12'),
    day: z.number().int('day must be a whole number').min(1, 'day must be 1 to 28 (a day every month has)').max(28, 'day must be 1 to 28 (a day every month has)').optional(),
    week: z.enum(WEEK_ORDINALS, { message: `week must be one of ${WEEK_ORDINALS.join(', ')}` }).optional(),
    weekday: z.enum(WEEKDAYS, { message: `weekday must be one of ${WEEKDAYS.join(', ')}` }).optional(),
    time: clockTime,
    until: z.iso.date({ message: 'until must be a date, YYYY-MM-DD' }).optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    const byDay = rule.day !== undefined;
    const byWeekday = rule.week !== undefined || rule.weekday !== undefined;
    if (byDay === byWeekday) context.addIssue({ code: 'custom', message: 'give either day (1–28) or week and weekday (e.g. "first" and "tuesday"), not both and not neither' });
    else if (byWeekday && (rule.week === undefined || rule.weekday === undefined)) context.addIssue({ code: 'custom', message: 'week and weekday go together (e.g. "first" and "tuesday")' });
  });

export type Recurrence = z.infer<typeof recurrenceSchema>;

/** Months are counted from this one: the month of the first send. */
export type MonthAnchor = { year: number; month: number };

export function anchorOf(date: string): MonthAnchor {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** The rule's date in a month before any move for a closed day. */
function ruleDate(rule: Recurrence, year: number, month: number): string {
  if (rule.day !== undefined) return isoDate(year, month, rule.day)!;
  const wanted = WEEKDAYS.indexOf(rule.weekday!) + 1;
  if (rule.week === 'last') {
    let date = addDays(isoDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1)!, -1) as string;
    while (weekdayOf(date) !== wanted) date = addDays(date, -1);
    return date;
  }
  let date = isoDate(year, month, 1)! as string;
  while (weekdayOf(date) !== wanted) date = addDays(date, 1);
  return addDays(date, 7 * WEEK_ORDINALS.indexOf(rule.week!));
}

/** Saturday, Sunday, a public holiday or an agreed closed day moves the send to the next day the offices are open. */
export function nextWorkingDay(date: string): string {
  let day = date;
  while (weekdayOf(day) > 5 || isClosedDay(day)) day = addDays(day, 1);
  return day;
}

/** The date the rule sends on in a given month. */
export function occurrenceDate(rule: Recurrence, year: number, month: number): string {
  return nextWorkingDay(ruleDate(rule, year, month));
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The first send of the rule strictly after `after`, counting months from `anchor`; null when `until` has passed.
 * Times are Copenhagen wall clock, so 09:00 stays 09:00 across daylight-saving changes.
 */
export function nextOccurrence(rule: Recurrence, anchor: MonthAnchor, after: Date): Date | null {
  const afterMonth = Number(after.toISOString().slice(0, 4)) * 12 + Number(after.toISOString().slice(5, 7)) - 1;
  const anchorMonth = anchor.year * 12 + anchor.month - 1;
  // Start a step before the month of `after` (a closed-day move can carry a send into the next month).
  let step = Math.max(0, Math.floor((afterMonth - anchorMonth) / rule.every_months) - 1);
  for (let guard = 0; guard < 1000; guard += 1, step += 1) {
    const index = anchorMonth + step * rule.every_months;
    const date = occurrenceDate(rule, Math.floor(index / 12), (index % 12) + 1);
    if (rule.until !== undefined && date > rule.until) return null;
    const at = fromCopenhagen(date, minutesOf(rule.time));
    if (at.getTime() > after.getTime()) return at;
  }
  return null;
}
