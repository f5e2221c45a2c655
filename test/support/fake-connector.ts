import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/** One call the bot made to the Bot Connector REST API. */
export type ConnectorCall = {
  method: string;
  path: string;
  operation: 'send' | 'reply' | 'update' | 'delete' | 'create-conversation' | 'members' | 'team-channels' | 'unknown';
  conversationId: string | null;
  activityId: string | null;
  body: any;
  headers: IncomingMessage['headers'];
  at: number;
};

/** How to answer a call instead of the default 200/201: a status, an error code, a delay, or a dropped connection. */
export type ConnectorFault = { status?: number; code?: string; message?: string; delayMs?: number; retryAfterSeconds?: number; drop?: boolean };

/**
 * A stand-in for the Teams Bot Connector service on 127.0.0.1, speaking its v3 REST API: send to a conversation,
 * reply to an activity, update and delete an activity, create a conversation, get members. Errors come back in the
 * connector's `{ error: { code, message } }` shape.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** What `GET /v3/teams/{teamId}/conversations` lists for a team (the team's channels). */
  readonly teamChannels = new Map<string, { id: string; name?: string }[]>();
  private server: Server | null = null;
  private faults: ((call: ConnectorCall) => ConnectorFault | undefined)[] = [];
  private waiters: { predicate: (calls: ConnectorCall[]) => boolean; resolve: () => void }[] = [];
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Adds a rule consulted for every call; the first rule that returns a fault decides the answer. */
  injectFault(rule: (call: ConnectorCall) => ConnectorFault | undefined): void {
    this.faults.push(rule);
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Activities the bot posted (sends and replies), in order. */
  postedActivities(): any[] {
    return this.calls.filter((call) => call.operation === 'send' || call.operation === 'reply').map((call) => call.body);
  }

  /** Resolves when the recorded calls satisfy the predicate (or rejects after `timeoutMs`). */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connector: condition not met within ${timeoutMs} ms; ${this.calls.length} calls so far`)), timeoutMs);
      this.waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const call = describe(req, raw);
    const fault = this.faults.map((rule) => rule(call)).find(Boolean);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify({ error: { code: fault.code ?? 'Error', message: fault.message ?? `Injected ${fault.status}` } }));
      return;
    }
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(this.calls)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    res.writeHead(call.operation === 'create-conversation' || call.operation === 'send' || call.operation === 'reply' ? 201 : 200, { 'content-type': 'application/json' });
    if (call.operation === 'create-conversation') res.end(JSON.stringify({ id: `a:${randomUUID()}`, activityId: randomUUID() }));
    else if (call.operation === 'members') res.end(JSON.stringify([]));
    else if (call.operation === 'team-channels') res.end(JSON.stringify({ conversations: this.teamChannels.get(call.conversationId ?? '') ?? [] }));
    else res.end(JSON.stringify({ id: call.operation === 'update' ? call.activityId : `${Date.now()}-${this.calls.length}` }));
  }
}

function describe(req: IncomingMessage, raw: string): ConnectorCall {
  const path = new URL(req.url ?? '/', 'http://fake').pathname;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  let operation: ConnectorCall['operation'] = 'unknown';
  let conversationId: string | null = null;
  let activityId: string | null = null;
  if (parts[0] === 'v3' && parts[1] === 'teams' && parts[3] === 'conversations' && method === 'GET') {
    operation = 'team-channels';
    conversationId = parts[2] ?? null;
  } else if (parts[0] === 'v3' && parts[1] === 'conversations') {
    conversationId = parts[2] ?? null;
    activityId = parts[3] === 'activities' ? (parts[4] ?? null) : null;
    if (parts.length === 2 && method === 'POST') operation = 'create-conversation';
    else if (parts[3] === 'activities' && !activityId && method === 'POST') operation = 'send';
    else if (parts[3] === 'activities' && activityId && method === 'POST') operation = 'reply';
    else if (parts[3] === 'activities' && activityId && method === 'PUT') operation = 'update';
    else if (parts[3] === 'activities' && activityId && method === 'DELETE') operation = 'delete';
    else if (parts[3] === 'members' || parts[3] === 'pagedmembers') operation = 'members';
  }
  let body: unknown = null;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = raw;
  }
  return { method, path, operation, conversationId, activityId, body, headers: req.headers, at: Date.now() };
}
