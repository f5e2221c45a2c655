import { describe, expect, it } from 'vitest';
import { webhookHeaderProblem } from '../../../bot/events/webhook-headers.js';

const good = { id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', timestamp: '1674087231', signature: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' };

describe('webhook header bounds', () => {
  it.each([
    ['the specification’s example', good, null],
    ['a missing header (left to the signature check, 401)', { ...good, id: undefined }, null],
    ['an id of 128 printable characters', { ...good, id: 'm'.repeat(128) }, null],
    ['an id of 129 characters', { ...good, id: 'm'.repeat(129) }, /^webhook-id must be 1–128 printable ASCII/],
    ['an id with a space', { ...good, id: 'msg 1' }, /^webhook-id/],
    ['an id with a tab', { ...good, id: 'msg\t1' }, /^webhook-id/],
    ['an id with a non-ASCII letter', { ...good, id: 'msg_æ' }, /^webhook-id/],
    ['a timestamp with a fraction', { ...good, timestamp: '1674087231.5' }, /^webhook-timestamp must be unix seconds/],
    ['a negative timestamp', { ...good, timestamp: '-1' }, /^webhook-timestamp/],
    ['a 13-digit timestamp (milliseconds)', { ...good, timestamp: '1674087231000' }, /^webhook-timestamp/],
    ['a signature header of 1024 characters', { ...good, signature: 'v'.repeat(1024) }, null],
    ['a signature header of 1025 characters', { ...good, signature: 'v'.repeat(1025) }, /^webhook-signature must be at most 1024 characters/],
  ])('%s', (_case, headers, expected) => {
    const problem = webhookHeaderProblem(headers);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
