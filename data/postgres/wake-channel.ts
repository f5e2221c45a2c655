import { z } from 'zod';
import type { Wrote } from '../sql/commit-signal.js';

/** The one channel every instance NOTIFYs after writing outbox rows or announcement sends, and LISTENs on. */
export const WAKE_CHANNEL = 'brobygger_wake';

/** Sent inside the writing transaction: PostgreSQL delivers it only if that transaction commits. */
export const NOTIFY_WAKE = `SELECT pg_notify('${WAKE_CHANNEL}', @payload)`;

const payloadSchema = z.object({
  from: z.string().min(1),
  outbox: z.boolean(),
  announcementSends: z.boolean(),
});

/** The notification's text: which instance wrote (it has told its own listeners already) and what. */
export function wakePayload(from: string, wrote: Wrote): string {
  return JSON.stringify({ from, outbox: wrote.outbox, announcementSends: wrote.announcementSends });
}

/** A notification from another instance, or null for one of our own or one that is not ours to read. */
export function othersWrote(payload: string | undefined, self: string): Wrote | null {
  let json: unknown;
  try {
    json = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.from === self) return null;
  return { outbox: parsed.data.outbox, announcementSends: parsed.data.announcementSends };
}
