import { z } from 'zod';
import { zodProblems } from '../http/zod-problems.js';
import { parseDate } from '../../domain/dates/parse-date.js';
import { validateCpr } from '../../domain/cpr/validate-cpr.js';
import { redactCprInText } from '../../domain/cpr/mask-cpr.js';

export const BENEFITS = [
  'kontanthjaelp',
  'ressourceforloebsydelse',
  'ledighedsydelse',
  'sygedagpenge',
  'revalideringsydelse',
  // Legacy names, still sent by older source systems.
  'uddannelseshjaelp',
  'selvforsoergelses_og_hjemrejseydelse',
  'overgangsydelse',
] as const;

export const STOP_REASONS = ['udeblivelse', 'sanktion', 'job', 'anden_indkomst', 'formue', 'revurdering', 'overgang', 'andet'] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `must be one of ${values.join(', ')}` });

const cpr = z.string({ message: 'must be a CPR number (10 digits)' }).transform((value, ctx) => {
  const checked = validateCpr(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: `is not a valid CPR number (${checked.problem.kind === 'length' ? `${checked.problem.digits} digits, 10 expected` : checked.problem.kind === 'format' ? 'digits only' : 'not a real birth date'})` });
    return z.NEVER;
  }
  return checked.cpr as string;
});

/**
 * Free text the alert card shows in a channel. A CPR number in it is masked rather than refused: the alert must
 * still reach the unit, and a source system cannot rephrase and resend.
 */
const shownText = (schema: z.ZodString) => schema.transform((value) => redactCprInText(value));

const isoDate = z.string({ message: 'must be a date YYYY-MM-DD' }).refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && parseDate(value).ok, {
  message: 'must be a real date written YYYY-MM-DD',
});

const dataOf = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape, { message: 'must be an object' });

/** The `data` of each event type. Unknown fields are refused so a typo is noticed, not silently ignored. */
export const EVENT_DATA = {
  'benefit.stopped': dataOf({
    cpr,
    benefit: oneOf(BENEFITS),
    stop_date: isoDate,
    reason: oneOf(STOP_REASONS),
    note: shownText(z.string().max(500, 'must be at most 500 characters')).optional(),
    bif_caseworker_id: z.string().min(1).max(100).optional(),
  }),
  'benefit.resumed': dataOf({ cpr, benefit: oneOf(BENEFITS), resume_date: isoDate }),
  'category.changed': dataOf({ cpr, from: shownText(z.string().min(1).max(60)), to: shownText(z.string().min(1).max(60)), date: isoDate }),
  'case.closed': dataOf({ cpr, administration: oneOf(['BIF', 'SOF'] as const), date: isoDate }),
  'action_plan.updated': dataOf({ cpr, status: shownText(z.string().min(1).max(60)), date: isoDate }),
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];

export type IncomingEvent = { [K in EventType]: { type: K; timestamp: string; data: z.infer<(typeof EVENT_DATA)[K]> } }[EventType];

/** The top level is strict too: an unknown field is refused by name, so a typo is noticed. */
const envelope = z.strictObject({
  type: z.string({ message: 'must be an event type' }),
  timestamp: z.string({ message: 'must be an ISO 8601 timestamp' }).refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be an ISO 8601 timestamp such as 2026-11-23T10:42:00+01:00',
  }),
  data: z.unknown(),
}, { message: 'must be a JSON object' });

export type EventParse = { ok: true; event: IncomingEvent } | { ok: false; problems: string[] };

/** Validates the body; every problem is a line naming the field (`data.stop_date: must be …`). */
export function parseEvent(body: unknown): EventParse {
  const outer = envelope.safeParse(body);
  if (!outer.success) return { ok: false, problems: zodProblems(outer.error) };
  const { type, timestamp, data } = outer.data;
  if (!(EVENT_TYPES as string[]).includes(type)) return { ok: false, problems: [`type: unknown event type "${type.slice(0, 60)}"; known types: ${EVENT_TYPES.join(', ')}`] };
  const inner = EVENT_DATA[type as EventType].safeParse(data);
  if (!inner.success) return { ok: false, problems: zodProblems(inner.error, 'data') };
  return { ok: true, event: { type, timestamp, data: inner.data } as IncomingEvent };
}

/** The date the event is about: routing looks at the organisation as it was then. */
export function eventDate(event: IncomingEvent): string {
  switch (event.type) {
    case 'benefit.stopped':
      return event.data.stop_date;
    case 'benefit.resumed':
      return event.data.resume_date;
    default:
      return event.data.date;
  }
}

