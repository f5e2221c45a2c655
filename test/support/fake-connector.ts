import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/** One call the bot made to the Bot Connector REST API. */
export type ConnectorCall = {
  method: string;
  path: string;
  operation: 'send' | 'reply' | 'update' | 'delete' | 'create-conversation' | 'members' | 'team-channels' | 'unknown';
  conversationId: string | null;
  /** The activity's id; for "get conversation member" (`GET …/members/{userId}`), the user id asked about. */
  activityId: string | null;
  body: any;
  headers: IncomingMessage['headers'];
  at: number;
  /** The TCP source port the request came from (the caller's local port), to tell which process sent it; null if unknown. */
  remotePort: number | null;
};

/** One member as the connector describes them (Teams adds tenant and role fields the bot does not read). */
export type TeamsMember = { name?: string; aadObjectId: string; userPrincipalName: string; email?: string };

/** How to answer a call instead of the default 200/201: a status, an error code, a delay, or a dropped connection. */
export type ConnectorFault = { status?: number; code?: string; message?: string; delayMs?: number; retryAfterSeconds?: number; drop?: boolean };

export type FaultRule = (call: ConnectorCall) => ConnectorFault | undefined;

export type FakeConnectorOptions = {
  /** Answer 429 Throttled, as Teams does, to calls beyond its documented per-conversation and per-tenant limits. */
  enforceTeamsLimits?: boolean;
  /** Answer 404 ActivityNotFound to an update of an activity that was never posted (or was deleted). */
  strictActivities?: boolean;
  /** Epoch ms for `ConnectorCall.at` and the limits; a virtual clock makes the limits testable without waiting. */
  clock?: () => number;
};

/** The status and `error.code` Teams answers with (the messages are indicative), to inject with `injectFault` and friends. */
export const faults = {
  throttled: (retryAfterSeconds = 1): ConnectorFault => ({ status: 429, code: 'Throttled', message: 'Too many requests.', retryAfterSeconds }),
  preconditionFailed: (): ConnectorFault => ({ status: 412, code: 'PreconditionFailed', message: 'Precondition failed, please try again.' }),
  badGateway: (): ConnectorFault => ({ status: 502, code: 'BadGateway', message: 'Bad gateway.' }),
  notInRoster: (): ConnectorFault => ({ status: 403, code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' }),
  blockedByUser: (): ConnectorFault => ({ status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' }),
  disabledByAdmin: (): ConnectorFault => ({ status: 403, code: 'BotDisabledByAdmin', message: 'The tenant admin disabled this bot.' }),
  writesBlocked: (): ConnectorFault => ({ status: 403, code: 'MessageWritesBlocked', message: 'Thread is not writable.' }),
  conversationNotFound: (): ConnectorFault => ({ status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' }),
  drop: (): ConnectorFault => ({ drop: true }),
};

type Window = { limit: number; ms: number };

/** Teams' documented limits (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). */
const PER_CONVERSATION: Window[] = [
  { limit: 7, ms: 1000 },
  { limit: 8, ms: 2000 },
  { limit: 60, ms: 30_000 },
  { limit: 1800, ms: 3_600_000 },
];
const PER_TENANT: Window[] = [{ limit: 50, ms: 1000 }];
const LIMITED: ConnectorCall['operation'][] = ['send', 'reply', 'update', 'delete', 'create-conversation'];

/**
 * A stand-in for the Teams Bot Connector service on 127.0.0.1, speaking its v3 REST API: send to a conversation,
 * reply to an activity, update and delete an activity, create a conversation, get members. Errors come back in the
 * connector's `{ error: { code, message } }` shape.
 *
 * A call is answered by, in order: the first injected fault that matches; with `enforceTeamsLimits`, a 429 when
 * it would exceed a limit; with `strictActivities`, a 404 for an unknown activity; else success. Only successful
 * calls are recorded in `calls`, count towards the limits and change the posted activities.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Calls answered 429 by `enforceTeamsLimits` (injected 429 faults are not counted). */
  readonly throttled: ConnectorCall[] = [];
  /** Why each of `throttled` was answered 429: the window it would have exceeded, and when, for a failing test's message. */
  readonly throttleReasons: string[] = [];
  /** What `GET /v3/teams/{teamId}/conversations` lists for a team (the team's channels). */
  readonly teamChannels = new Map<string, { id: string; name?: string }[]>();
  /** What `GET /v3/conversations/{conversationId}/members/{userId}` answers for a user id (the `29:…` id); others get 404. */
  readonly members = new Map<string, TeamsMember>();
  private server: Server | null = null;
  private faults: FaultRule[] = [];
  private waiters: { predicate: (calls: ConnectorCall[]) => boolean; resolve: () => void }[] = [];
  private listeners: ((call: ConnectorCall) => void)[] = [];
  /** Posted activities by base conversation id, then activity id, in posting order. */
  private readonly activities = new Map<string, Map<string, any>>();
  /** When limited calls were accepted, per base conversation id (the last hour) and for the tenant (the last few). */
  private readonly accepted = new Map<string, number[]>();
  private readonly acceptedByTenant: number[] = [];
  private readonly clock: () => number;
  url = '';

  constructor(private readonly options: FakeConnectorOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  get throttledCount(): number {
    return this.throttled.length;
  }

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
  injectFault(rule: FaultRule): void {
    this.faults.push(rule);
  }

  /** Like `injectFault`, for the first `times` calls the rule decides; then the rule stays silent. */
  injectFaultTimes(times: number, rule: FaultRule): void {
    let left = times;
    this.injectFault((call) => {
      if (left <= 0) return undefined;
      const fault = rule(call);
      if (fault) left--;
      return fault;
    });
  }

  injectFaultOnce(rule: FaultRule): void {
    this.injectFaultTimes(1, rule);
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Calls `listener` as each request arrives, before it is answered (faulted, throttled and dropped ones too). Returns an unsubscribe. */
  onRequest(listener: (call: ConnectorCall) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  /** Activities the bot posted (sends and replies), in order, as posted. */
  postedActivities(): any[] {
    return this.calls.filter((call) => call.operation === 'send' || call.operation === 'reply').map((call) => call.body);
  }

  /** The current version (after updates, without deleted ones) of each activity posted to a conversation; thread replies count for their channel. */
  activitiesIn(conversationId: string): any[] {
    return [...(this.activities.get(baseId(conversationId))?.values() ?? [])];
  }

  /** How many posted activities currently exist (across conversations), optionally only those matching `predicate`. */
  deliveredCount(predicate: (activity: any, conversationId: string) => boolean = () => true): number {
    let count = 0;
    for (const [conversationId, activities] of this.activities) for (const activity of activities.values()) if (predicate(activity, conversationId)) count++;
    return count;
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
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const call = describe(req, Buffer.concat(chunks).toString('utf8'), this.clock(), req.socket.remotePort ?? null);
      for (const listener of this.listeners) listener(call);
      const fault = this.faultFor(call);
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      if (fault?.status) return answerError(res, fault);
      const throttle = this.options.enforceTeamsLimits ? this.throttleFor(call) : undefined;
      if (throttle) {
        this.throttled.push(call);
        this.throttleReasons.push(`${call.operation} to ${call.conversationId} at ${call.at}: ${throttle.message}`);
        return answerError(res, throttle);
      }
      if (call.operation === 'members' && call.method === 'GET' && call.activityId !== null && !this.members.has(call.activityId)) {
        return answerError(res, { status: 404, code: 'MemberNotFoundInConversation', message: 'The member is not in this conversation.' });
      }
      if (this.options.strictActivities && call.operation === 'update' && !this.activities.get(baseId(call.conversationId ?? ''))?.has(call.activityId ?? '')) {
        return answerError(res, { status: 404, code: 'ActivityNotFound', message: 'Activity not found.' });
      }
      this.accept(call, res);
    } catch (error) {
      if (!res.headersSent) answerError(res, { status: 500, code: 'FakeConnectorError', message: String(error) });
    }
  }

  private faultFor(call: ConnectorCall): ConnectorFault | undefined {
    for (const rule of this.faults) {
      const fault = rule(call);
      if (fault) return fault;
    }
    return undefined;
  }

  /** A 429 when one more call would exceed a window, with Retry-After until the fullest window has room. */
  private throttleFor(call: ConnectorCall): ConnectorFault | undefined {
    if (!LIMITED.includes(call.operation)) return undefined;
    const now = call.at;
    const conversation = call.conversationId === null ? null : baseId(call.conversationId);
    const over = [...(conversation === null ? [] : exceeded(this.accepted.get(conversation) ?? [], PER_CONVERSATION, now)), ...exceeded(this.acceptedByTenant, PER_TENANT, now)];
    if (over.length === 0) return undefined;
    const freeAt = Math.max(...over.map((hit) => hit.freeAt));
    const { window } = over.find((hit) => hit.freeAt === freeAt)!;
    const scope = window === PER_TENANT[0] ? 'for the tenant' : `to ${conversation}`;
    return { ...faults.throttled(Math.max(1, Math.ceil((freeAt - now) / 1000))), message: `More than ${window.limit} requests in ${window.ms} ms ${scope}.` };
  }

  private accept(call: ConnectorCall, res: ServerResponse): void {
    this.calls.push(call);
    if (LIMITED.includes(call.operation)) this.countTowardsLimits(call);
    const id = this.track(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(this.calls)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    const created = call.operation === 'create-conversation' || call.operation === 'send' || call.operation === 'reply';
    res.writeHead(created ? 201 : 200, { 'content-type': 'application/json' });
    if (call.operation === 'create-conversation') res.end(JSON.stringify(id));
    else if (call.operation === 'members' && call.activityId !== null) res.end(JSON.stringify({ id: call.activityId, ...this.members.get(call.activityId) }));
    else if (call.operation === 'members') res.end(JSON.stringify([]));
    else if (call.operation === 'team-channels') res.end(JSON.stringify({ conversations: this.teamChannels.get(call.conversationId ?? '') ?? [] }));
    else res.end(JSON.stringify({ id }));
  }

  private countTowardsLimits(call: ConnectorCall): void {
    const keep = (times: number[]) => times.filter((at) => at > call.at - 3_600_000);
    if (call.conversationId !== null) {
      const conversation = baseId(call.conversationId);
      this.accepted.set(conversation, [...keep(this.accepted.get(conversation) ?? []), call.at]);
    }
    this.acceptedByTenant.push(call.at);
    if (this.acceptedByTenant.length > 1000) this.acceptedByTenant.splice(0, this.acceptedByTenant.length - PER_TENANT[0]!.limit);
  }

  /** Keeps the posted activities current; returns the id (or, for a new conversation, the ids) to answer with. */
  private track(call: ConnectorCall): any {
    const conversation = baseId(call.conversationId ?? '');
    const activitiesOf = (id: string) => this.activities.get(id) ?? this.activities.set(id, new Map()).get(id)!;
    switch (call.operation) {
      case 'send':
      case 'reply': {
        const id = `${this.clock()}-${this.calls.length}`;
        activitiesOf(conversation).set(id, { ...call.body, id });
        return id;
      }
      case 'update':
        activitiesOf(conversation).set(call.activityId!, { ...call.body, id: call.activityId });
        return call.activityId;
      case 'delete':
        this.activities.get(conversation)?.delete(call.activityId!);
        return call.activityId;
      case 'create-conversation': {
        const created = { id: `a:${randomUUID()}`, activityId: randomUUID() };
        const activity = call.body?.activity;
        if (activity) activitiesOf(created.id).set(created.activityId, { ...activity, id: created.activityId });
        return created;
      }
      default:
        return `${this.clock()}-${this.calls.length}`;
    }
  }
}

/** A thread reply (`19:…@thread.tacv2;messageid=…`) belongs to its channel. */
function baseId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

/** The windows `times` has already filled at `now`, and when each will have room again. */
function exceeded(times: number[], windows: Window[], now: number): { window: Window; freeAt: number }[] {
  return windows.flatMap((window) => {
    const inWindow = times.filter((at) => at > now - window.ms && at <= now).sort((a, b) => a - b);
    if (inWindow.length < window.limit) return [];
    // Room again once enough of the sends in the window have left it.
    return [{ window, freeAt: inWindow[inWindow.length - window.limit]! + window.ms }];
  });
}

function answerError(res: ServerResponse, fault: ConnectorFault): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  res.writeHead(fault.status ?? 500, headers);
  res.end(JSON.stringify({ error: { code: fault.code ?? 'Error', message: fault.message ?? `Injected ${fault.status}` } }));
}

function describe(req: IncomingMessage, raw: string, at: number, remotePort: number | null): ConnectorCall {
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
    else if (parts[3] === 'members' || parts[3] === 'pagedmembers') {
      operation = 'members';
      activityId = parts[3] === 'members' ? (parts[4] ?? null) : null; // one member's user id, for "get conversation member"
    }
  }
  let body: unknown = null;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = raw;
  }
  return { method, path, operation, conversationId, activityId, body, headers: req.headers, at, remotePort };
}
