import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/**
 * Stands in for the Bot Framework's token service at the edge: publishes OpenID metadata and a signing key (with
 * the `msteams` endorsement) on 127.0.0.1 and signs channel tokens the way the Teams channel does, so the real
 * botbuilder JWT validation can be exercised offline. With `hang` it accepts and never answers.
 */
export class FakeTokenIssuer {
  private server: Server | null = null;
  private readonly kid = randomUUID();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  metadataUrl = '';
  /** `true`: accept connections and requests but never answer (a key endpoint that hangs). */
  hang = false;
  /** Requests and TCP connections received, answered or not. */
  requests = 0;
  connections = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (this.hang) return;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${this.base()}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/keys') {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.kid, use: 'sig', endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.metadataUrl = `${this.base()}/.well-known/openid-configuration`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A channel token: `aud` is the bot's app id, `serviceurl` the activity's serviceUrl. */
  channelToken(claims: { aud: string; serviceurl: string; iss?: string; expiresInSeconds?: number }, signWith?: KeyObject): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = { iss: claims.iss ?? BOT_FRAMEWORK_ISSUER, aud: claims.aud, serviceurl: claims.serviceurl, nbf: now - 60, iat: now - 60, exp: now + (claims.expiresInSeconds ?? 3600) };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(signWith ?? this.keys.privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  private base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
}
