import { createHmac, timingSafeEqual } from 'node:crypto';

/** A Standard Webhooks secret: `whsec_` followed by the base64 key bytes. */
export type WebhookSecret = { key: Buffer };

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
/** `webhook-timestamp`: unix seconds. */
export const WEBHOOK_TIMESTAMP = /^\d{1,12}$/;

export type SignatureCheck = { ok: true; webhookId: string } | { ok: false; problem: string };

/**
 * Verifies a Standard Webhooks signature over the exact request bytes: `webhook-signature` holds space-separated
 * `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>` entries; one match with any configured secret is
 * enough, so secrets can be rotated. Comparison is constant-time.
 */
export function verifyWebhookSignature(
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  secrets: readonly WebhookSecret[],
  now: Date,
): SignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, problem: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!WEBHOOK_TIMESTAMP.test(timestamp)) return { ok: false, problem: 'webhook-timestamp must be unix seconds' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, problem: 'webhook-timestamp is more than 5 minutes from the server clock' };
  }
  const offered = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  if (offered.length === 0) return { ok: false, problem: 'webhook-signature has no v1 signature' };
  const signedContent = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), rawBody]);
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret.key).update(signedContent).digest();
    if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) return { ok: true, webhookId: id };
  }
  return { ok: false, problem: 'no signature matches' };
}

/** Signs like a Standard Webhooks sender; used by the README's example script, tests and the benchmark. */
export function signWebhook(secret: WebhookSecret, id: string, timestampSeconds: number, rawBody: Buffer | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const mac = createHmac('sha256', secret.key).update(Buffer.concat([Buffer.from(`${id}.${timestampSeconds}.`), body])).digest('base64');
  return `v1,${mac}`;
}

export function parseWebhookSecret(text: string): WebhookSecret | null {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!match) return null;
  const key = Buffer.from(match[1]!, 'base64');
  return key.length >= 16 ? { key } : null;
}
