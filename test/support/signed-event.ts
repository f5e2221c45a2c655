import { randomUUID } from 'node:crypto';
import { signWebhook, type WebhookSecret } from '../../bot/events/webhook-signature.js';
import { postJson } from './post-json.js';

/** A fixed test secret (whsec_ + base64 of 24 bytes) and a second one for rotation tests. */
export const WEBHOOK_SECRET_TEXT = `whsec_${Buffer.from('brobygger-test-secret-24b').toString('base64')}`;
export const OTHER_SECRET_TEXT = `whsec_${Buffer.from('another-test-secret-bytes').toString('base64')}`;
export const WEBHOOK_SECRET: WebhookSecret = { key: Buffer.from('brobygger-test-secret-24b') };

export type SignedRequest = { headers: Record<string, string>; body: string; id: string };

/** A Standard Webhooks request, signed as BIF's systems would sign it. */
export function signedEvent(body: unknown, options: { id?: string; secret?: WebhookSecret; timestamp?: number } = {}): SignedRequest {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    id,
    body: raw,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(options.secret ?? WEBHOOK_SECRET, id, timestamp, raw),
    },
  };
}

export function benefitStopped(cpr: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'benefit.stopped',
    timestamp: '2025-06-02T09:30:00+02:00',
    data: { cpr, benefit: 'kontanthjaelp', stop_date: '2025-06-02', reason: 'udeblivelse', note: 'Udeblevet fra to samtaler', ...overrides },
  };
}

export function postEvent(baseUrl: string, request: SignedRequest): Promise<{ status: number; body: any }> {
  return postJson(`${baseUrl}/api/events`, request.body, request.headers);
}
