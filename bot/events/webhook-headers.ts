import { WEBHOOK_TIMESTAMP } from './webhook-signature.js';

/** Bounds on the Standard Webhooks headers, checked before the signature so nothing unbounded is hashed, stored or logged. */
export const WEBHOOK_ID_MAX_LENGTH = 128;
export const WEBHOOK_SIGNATURE_MAX_LENGTH = 1024;

const WEBHOOK_ID = new RegExp(`^[\\x21-\\x7e]{1,${WEBHOOK_ID_MAX_LENGTH}}$`);

export type WebhookHeaders = { id: string | undefined; timestamp: string | undefined; signature: string | undefined };

/**
 * One sentence naming the malformed header, or null. A missing header is left to the signature check (401), as
 * Standard Webhooks senders expect; a present but malformed one is the sender's bug (400).
 */
export function webhookHeaderProblem({ id, timestamp, signature }: WebhookHeaders): string | null {
  if (id && !WEBHOOK_ID.test(id)) return `webhook-id must be 1–${WEBHOOK_ID_MAX_LENGTH} printable ASCII characters without spaces`;
  if (timestamp && !WEBHOOK_TIMESTAMP.test(timestamp)) return 'webhook-timestamp must be unix seconds (up to 12 digits)';
  if (signature && signature.length > WEBHOOK_SIGNATURE_MAX_LENGTH) return `webhook-signature must be at most ${WEBHOOK_SIGNATURE_MAX_LENGTH} characters`;
  return null;
}
