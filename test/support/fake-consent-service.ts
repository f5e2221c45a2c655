import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A consent as Digitalt Samtykke's modelled API answers it (bot/consent/digitalt-samtykke-api.ts). */
export type FakeConsent = { id: string; template: string; status: 'active' | 'withdrawn' | 'expired'; givenAt: string; validTo?: string | null; withdrawnAt?: string | null };

/** What the fake answers a consent search with, per CPR number (digits only). */
export type FakeAnswer =
  | { consents: FakeConsent[] }
  | 'server-error' // HTTP 500
  | 'hang' // accepts the request and never answers
  | 'malformed-json' // 200 with a body that is not JSON
  | 'wrong-shape'; // 200 with JSON that is not a consent list

export const FAKE_CLIENT = { id: 'brobygger-test', secret: 'test-secret-that-is-long-enough' };

/**
 * Stands in for Digitalt Samtykke at the edge, on 127.0.0.1: an OAuth2 client-credentials token endpoint
 * (`POST /oauth2/token`) and the consent search (`POST /v1/consents/search`, bearer token, `{ cpr, template }`),
 * answering each CPR number as told. An unknown CPR number has no consents.
 */
export class FakeConsentService {
  private server: Server | null = null;
  readonly answers = new Map<string, FakeAnswer>();
  /** `'fail'`: the token endpoint answers 500; `'hang'`: it never answers. */
  tokenEndpoint: 'ok' | 'fail' | 'hang' = 'ok';
  tokensIssued = 0;
  searches = 0;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const reply = (status: number, payload: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(payload);
      };
      if (req.method === 'POST' && req.url === '/oauth2/token') {
        if (this.tokenEndpoint === 'hang') return;
        if (this.tokenEndpoint === 'fail') return reply(500, '{"error":"server_error"}');
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== FAKE_CLIENT.id || form.get('client_secret') !== FAKE_CLIENT.secret) return reply(401, '{"error":"invalid_client"}');
        this.tokensIssued++;
        return reply(200, JSON.stringify({ access_token: `token-${this.tokensIssued}`, token_type: 'Bearer', expires_in: 3600 }));
      }
      if (req.method === 'POST' && req.url === '/v1/consents/search') {
        if (!/^Bearer token-\d+$/.test(req.headers.authorization ?? '')) return reply(401, '{"error":"invalid_token"}');
        this.searches++;
        let cpr: string;
        try {
          cpr = String(JSON.parse(body).cpr).replace(/\D/g, '');
        } catch {
          return reply(400, '{"error":"bad request"}');
        }
        const answer = this.answers.get(cpr) ?? { consents: [] };
        if (answer === 'hang') return;
        if (answer === 'server-error') return reply(500, '{"error":"internal"}');
        if (answer === 'malformed-json') return reply(200, '{"consents": [ {"id": "DS-');
        if (answer === 'wrong-shape') return reply(200, JSON.stringify({ consents: [{ id: 'DS-9', status: 'maybe' }] }));
        return reply(200, JSON.stringify(answer));
      }
      reply(404, '{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/oauth2/token`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
