import { describe, expect, it } from 'vitest';
import { parseWebhookSecret, signWebhook, verifyWebhookSignature } from '../../../bot/events/webhook-signature.js';

// The example from the Standard Webhooks specification / reference libraries.
const SPEC_SECRET = parseWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')!;
const SPEC = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', body: Buffer.from('{"test": 2432232314}') };
const SPEC_NOW = new Date(1614265330 * 1000);

describe('Standard Webhooks signatures', () => {
  it('matches the specification’s published example', () => {
    expect(signWebhook(SPEC_SECRET, SPEC.id, Number(SPEC.timestamp), SPEC.body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const check = verifyWebhookSignature({ id: SPEC.id, timestamp: SPEC.timestamp, signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }, SPEC.body, [SPEC_SECRET], SPEC_NOW);
    expect(check).toEqual({ ok: true, webhookId: SPEC.id });
  });

  it('accepts when any listed signature matches any configured secret (rotation)', () => {
    const other = parseWebhookSecret(`whsec_${Buffer.from('another secret of enough bytes').toString('base64')}`)!;
    const signature = `v1,bm90IGEgc2lnbmF0dXJl v2,ignored ${signWebhook(SPEC_SECRET, SPEC.id, Number(SPEC.timestamp), SPEC.body)}`;
    expect(verifyWebhookSignature({ id: SPEC.id, timestamp: SPEC.timestamp, signature }, SPEC.body, [other, SPEC_SECRET], SPEC_NOW).ok).toBe(true);
    expect(verifyWebhookSignature({ id: SPEC.id, timestamp: SPEC.timestamp, signature }, SPEC.body, [other], SPEC_NOW)).toEqual({ ok: false, problem: 'no signature matches' });
  });

  it('refuses a changed body, id or timestamp', () => {
    const signature = signWebhook(SPEC_SECRET, SPEC.id, Number(SPEC.timestamp), SPEC.body);
    expect(verifyWebhookSignature({ id: SPEC.id, timestamp: SPEC.timestamp, signature }, Buffer.from('{"test": 2432232315}'), [SPEC_SECRET], SPEC_NOW).ok).toBe(false);
    expect(verifyWebhookSignature({ id: 'msg_other', timestamp: SPEC.timestamp, signature }, SPEC.body, [SPEC_SECRET], SPEC_NOW).ok).toBe(false);
    expect(verifyWebhookSignature({ id: SPEC.id, timestamp: '1614265331', signature }, SPEC.body, [SPEC_SECRET], SPEC_NOW).ok).toBe(false);
  });

  it('refuses timestamps more than 5 minutes from now, and ones that are not unix seconds', () => {
    const signature = signWebhook(SPEC_SECRET, SPEC.id, Number(SPEC.timestamp), SPEC.body);
    const headers = { id: SPEC.id, timestamp: SPEC.timestamp, signature };
    expect(verifyWebhookSignature(headers, SPEC.body, [SPEC_SECRET], new Date(SPEC_NOW.getTime() + 299_000)).ok).toBe(true);
    expect(verifyWebhookSignature(headers, SPEC.body, [SPEC_SECRET], new Date(SPEC_NOW.getTime() + 301_000)).ok).toBe(false);
    expect(verifyWebhookSignature(headers, SPEC.body, [SPEC_SECRET], new Date(SPEC_NOW.getTime() - 301_000)).ok).toBe(false);
    expect(verifyWebhookSignature({ ...headers, timestamp: '2021-02-25T15:02:10Z' }, SPEC.body, [SPEC_SECRET], SPEC_NOW)).toEqual({ ok: false, problem: 'webhook-timestamp must be unix seconds' });
  });

  it('reads secrets only in the whsec_<base64> form with enough key bytes', () => {
    expect(parseWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull();
    expect(parseWebhookSecret('whsec_c2hvcnQ=')).toBeNull();
    expect(parseWebhookSecret('whsec_not base64!')).toBeNull();
    expect(parseWebhookSecret(' whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ')?.key.length).toBe(24);
  });
});
