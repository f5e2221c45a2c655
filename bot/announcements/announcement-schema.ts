import { z } from 'zod';
import { recurrenceSchema } from './recurrence.js';

export const ADMINISTRATIONS = ['BIF', 'SOF'] as const;
export const DELIVERIES = ['channels', 'personal', 'both'] as const;
export const TITLE_MAX = 150;
export const TEXT_MAX = 4000;

/**
 * Who an announcement is for: everyone, or any mix of whole administrations, chosen units (with their sub-units),
 * the contact-person network and the hotline agents.
 */
export const audienceSchema = z
  .object({
    all: z.literal(true, { message: 'all must be true (or left out)' }).optional(),
    administrations: z.array(z.enum(ADMINISTRATIONS, { message: 'administrations may contain "BIF" and "SOF"' })).min(1, 'administrations must not be empty').optional(),
    units: z.array(z.string().trim().min(1, 'a unit id must not be empty').max(64, 'a unit id is at most 64 characters')).min(1, 'units must not be empty').max(200, 'at most 200 units').optional(),
    contact_persons: z.literal(true, { message: 'contact_persons must be true (or left out)' }).optional(),
    hotline_agents: z.literal(true, { message: 'hotline_agents must be true (or left out)' }).optional(),
  }, { message: 'audience is required: { "all": true }, { "administrations": ["BIF"] }, { "units": ["…"] }, "contact_persons": true or "hotline_agents": true' })
  .strict()
  .superRefine((audience, context) => {
    const chosen = [audience.administrations, audience.units, audience.contact_persons, audience.hotline_agents].filter((part) => part !== undefined).length;
    if (audience.all && chosen > 0) context.addIssue({ code: 'custom', message: '"all" cannot be combined with other choices' });
    if (!audience.all && chosen === 0) context.addIssue({ code: 'custom', message: 'choose someone: "all", "administrations", "units", "contact_persons" or "hotline_agents"' });
  });

export type Audience = z.infer<typeof audienceSchema>;

const withZone = z.iso.datetime({ offset: true, message: 'send_at must be an ISO 8601 time with a zone, e.g. "2027-01-05T09:00:00+01:00"' });

/** The body of `POST /api/announcements` (and what the chat form becomes). Unknown fields are refused, so a typo is not ignored. */
export const announcementInputSchema = z
  .object({
    title: z.string({ message: 'title is required' }).trim().min(1, 'title must not be empty').max(TITLE_MAX, `title is at most ${TITLE_MAX} characters`),
    text: z.string({ message: 'text is required (markdown)' }).trim().min(1, 'text must not be empty').max(TEXT_MAX, `text is at most ${TEXT_MAX} characters`),
    url: z.url({ protocol: /^https?$/, message: 'url must be an http(s) address' }).max(500, 'url is at most 500 characters').nullish(),
    audience: audienceSchema,
    delivery: z.enum(DELIVERIES, { message: 'delivery must be "channels", "personal" or "both"' }),
    send_at: withZone.nullish(),
    recurrence: recurrenceSchema.nullish(),
  })
  .strict();

export type AnnouncementInput = z.infer<typeof announcementInputSchema>;
