import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/log/logger.js';
import { SigningKeys, SigningKeysUnavailable } from '../../../bot/teams/signing-keys.js';

/** A key endpoint on 127.0.0.1 whose answers the test chooses; counts what it is asked. */
async function keyEndpoint(answer: (path: string, base: string) => { status: number; body: string }) {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const { status, body } = answer(req.url ?? '', base());
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { asked, url: `${base()}/.well-known/openid-configuration`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
const keySet = JSON.stringify({ keys: [{ ...rsa, kid: 'rsa-key', endorsements: ['msteams'] }, { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'ec-key' }] });

describe('SigningKeys (the bounded stand-in for botframework-connector OpenIdMetadata)', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });
  const logged: string[] = [];
  const log = createLogger({ level: 'warn', destination: { write: (line: string) => logged.push(line) } });

  it('fetches once for many concurrent requests and hands out the RSA key as PEM with its endorsements', async () => {
    const endpoint = await keyEndpoint((path, base) => (path === '/keys' ? { status: 200, body: keySet } : { status: 200, body: JSON.stringify({ jwks_uri: `${base}/keys` }) }));
    close = endpoint.close;
    const keys = new SigningKeys(endpoint.url, { log, refreshIntervalMs: 24 * 60 * 60_000 });
    const found = await Promise.all(Array.from({ length: 10 }, () => keys.getKey('rsa-key')));
    expect(endpoint.asked).toEqual(['/.well-known/openid-configuration', '/keys']);
    expect(found[0]).toEqual({ key: expect.stringContaining('-----BEGIN PUBLIC KEY-----'), endorsements: ['msteams'] });
    // A key of another type, or an unknown one fetched less than an hour ago, is refused (401) without asking again.
    expect(await keys.getKey('ec-key')).toBeNull();
    expect(await keys.getKey('unknown')).toBeNull();
    expect(endpoint.asked).toHaveLength(2);
  });

  it.each([
    ['an error status', { status: 500, body: '{}' }, /answered 500/],
    ['something that is not OpenID metadata', { status: 200, body: '{"issuer": "x"}' }, /not OpenID metadata/],
  ])('fails closed on %s: SigningKeysUnavailable, one warn line with the reason', async (_name, answer, reason) => {
    logged.length = 0;
    const endpoint = await keyEndpoint(() => answer);
    close = endpoint.close;
    const keys = new SigningKeys(endpoint.url, { log, refreshIntervalMs: 24 * 60 * 60_000, retryAfterMs: 10_000 });
    await expect(keys.getKey('rsa-key')).rejects.toBeInstanceOf(SigningKeysUnavailable);
    await expect(keys.getKey('rsa-key')).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(endpoint.asked).toHaveLength(1);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!).reason).toMatch(reason);
  });
});
