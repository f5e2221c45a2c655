import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnector, faults, type ConnectorCall, type ConnectorFault, type FakeConnectorOptions } from './fake-connector.js';

const CHANNEL = '19:channel@thread.tacv2';

let connector: FakeConnector;
let now = 0;

async function start(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  now = 0;
  connector = new FakeConnector({ clock: () => now, ...options });
  await connector.start();
  return connector;
}

afterEach(async () => connector?.stop());

type Answer = { status: number; retryAfter: string | null; body: any };

async function request(method: string, path: string, body: unknown = { type: 'message', text: 'hi' }): Promise<Answer> {
  const response = await fetch(`${connector.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' || method === 'PUT' ? JSON.stringify(body) : undefined });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
}

const send = (conversationId: string, body?: unknown) => request('POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities`, body);
const reply = (conversationId: string, activityId: string) => request('POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${activityId}`);
const update = (conversationId: string, activityId: string, body: unknown) => request('PUT', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${activityId}`, body);
const remove = (conversationId: string, activityId: string) => request('DELETE', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${activityId}`);
const isSend = (call: ConnectorCall) => call.operation === 'send';

describe('the fake connector’s Teams limits', () => {
  it('are off unless asked for', async () => {
    await start();
    const statuses = [];
    for (let n = 0; n < 10; n++) statuses.push((await send(CHANNEL)).status);
    expect(statuses.every((status) => status === 201)).toBe(true);
  });

  it('answer the 8th call within 1 s to one conversation 429 Throttled with Retry-After, and do not record it', async () => {
    await start({ enforceTeamsLimits: true });
    for (let n = 0; n < 7; n++) {
      now = n * 100;
      expect((await send(CHANNEL)).status).toBe(201);
    }
    now = 999;
    const throttled = await send(CHANNEL);
    expect(throttled).toMatchObject({ status: 429, retryAfter: '1', body: { error: { code: 'Throttled' } } });
    expect(throttled.body.error.message).toEqual(expect.any(String));
    expect(connector.throttledCount).toBe(1);
    expect(connector.throttled.map((call) => call.at)).toEqual([999]);
    expect(connector.throttleReasons).toEqual([`send to ${CHANNEL} at 999: More than 7 requests in 1000 ms to ${CHANNEL}.`]);
    expect(connector.calls).toHaveLength(7);
    expect(connector.activitiesIn(CHANNEL)).toHaveLength(7);
    now = 1000;
    expect((await send(CHANNEL)).status).toBe(201);
    expect((await send('19:other@thread.tacv2')).status).toBe(201);
  });

  it('count the 9th call within 2 s', async () => {
    await start({ enforceTeamsLimits: true });
    for (let n = 0; n < 8; n++) {
      now = n * 200;
      expect((await send(CHANNEL)).status).toBe(201);
    }
    now = 1999;
    expect((await send(CHANNEL)).status).toBe(429);
    now = 2000;
    expect((await send(CHANNEL)).status).toBe(201);
  });

  it('count the 61st call within 30 s, with Retry-After until the first has left the window', async () => {
    await start({ enforceTeamsLimits: true });
    for (let n = 0; n < 60; n++) {
      now = n * 250;
      expect((await send(CHANNEL)).status, `call ${n + 1}`).toBe(201);
    }
    now = 15_000;
    expect(await send(CHANNEL)).toMatchObject({ status: 429, retryAfter: '15' });
    now = 29_999;
    expect((await send(CHANNEL)).status).toBe(429);
    now = 30_000;
    expect((await send(CHANNEL)).status).toBe(201);
    expect(connector.throttledCount).toBe(2);
  });

  it('count the 51st call within 1 s for the whole tenant, whatever the conversation and operation', async () => {
    await start({ enforceTeamsLimits: true });
    for (let n = 0; n < 49; n++) {
      now = n * 10;
      expect((await send(`19:c${n}@thread.tacv2`)).status).toBe(201);
    }
    expect((await request('POST', 'v3/conversations', { isGroup: false, members: [{ id: '29:user' }] })).status).toBe(201);
    expect((await request('GET', `v3/conversations/${encodeURIComponent(CHANNEL)}/members`)).status).toBe(200);
    now = 600;
    expect(await send('19:fresh@thread.tacv2')).toMatchObject({ status: 429, retryAfter: '1', body: { error: { code: 'Throttled' } } });
    now = 1000;
    expect((await send('19:fresh@thread.tacv2')).status).toBe(201);
  });

  it('count thread replies, updates and deletes against their channel', async () => {
    await start({ enforceTeamsLimits: true });
    const first = (await send(CHANNEL)).body.id;
    expect((await reply(`${CHANNEL};messageid=${first}`, first)).status).toBe(201);
    expect((await reply(`${CHANNEL};messageid=${first}`, first)).status).toBe(201);
    expect((await update(CHANNEL, first, { type: 'message', text: 'edited' })).status).toBe(200);
    expect((await remove(CHANNEL, first)).status).toBe(200);
    expect((await send(CHANNEL)).status).toBe(201);
    expect((await send(CHANNEL)).status).toBe(201);
    expect(await reply(`${CHANNEL};messageid=${first}`, first)).toMatchObject({ status: 429, body: { error: { code: 'Throttled' } } });
    expect(connector.throttled[0]).toMatchObject({ operation: 'reply', conversationId: `${CHANNEL};messageid=${first}` });
  });

  it('let injected faults answer first, and a faulted call does not count', async () => {
    await start({ enforceTeamsLimits: true });
    connector.injectFaultTimes(3, (call) => (isSend(call) ? faults.badGateway() : undefined));
    for (let n = 0; n < 3; n++) expect((await send(CHANNEL)).status).toBe(502);
    for (let n = 0; n < 7; n++) expect((await send(CHANNEL)).status).toBe(201);
    expect((await send(CHANNEL)).status).toBe(429);
  });
});

describe('the fake connector’s ready-made faults', () => {
  const cases: [string, number, string, ConnectorFault][] = [
    ['throttled', 429, 'Throttled', faults.throttled(3)],
    ['preconditionFailed', 412, 'PreconditionFailed', faults.preconditionFailed()],
    ['badGateway', 502, 'BadGateway', faults.badGateway()],
    ['notInRoster', 403, 'BotNotInConversationRoster', faults.notInRoster()],
    ['blockedByUser', 403, 'ConversationBlockedByUser', faults.blockedByUser()],
    ['disabledByAdmin', 403, 'BotDisabledByAdmin', faults.disabledByAdmin()],
    ['writesBlocked', 403, 'MessageWritesBlocked', faults.writesBlocked()],
    ['conversationNotFound', 404, 'ConversationNotFound', faults.conversationNotFound()],
  ];

  it.each(cases)('%s answers %i %s', async (_name, status, code, fault) => {
    await start();
    connector.injectFaultOnce(() => fault);
    const answer = await send(CHANNEL);
    expect(answer).toMatchObject({ status, body: { error: { code } } });
    expect(answer.retryAfter).toBe(status === 429 ? '3' : null);
    expect(connector.calls).toEqual([]);
    expect((await send(CHANNEL)).status).toBe(201);
  });

  it('notInRoster carries Teams’ message', () => {
    expect(faults.notInRoster().message).toBe('The bot is not part of the conversation roster.');
  });

  it('drop closes the connection without an answer, and waitFor still sees the calls that follow', async () => {
    await start();
    connector.injectFaultOnce(faults.drop);
    await expect(send(CHANNEL)).rejects.toThrow();
    expect(connector.calls).toEqual([]);
    const waiting = connector.waitFor((calls) => calls.filter(isSend).length === 2);
    await send(CHANNEL);
    await send(CHANNEL);
    await waiting;
  });

  it('injectFaultTimes applies to the first n matching calls only, then stops', async () => {
    await start();
    connector.injectFaultTimes(2, (call) => (call.conversationId === CHANNEL ? faults.preconditionFailed() : undefined));
    const statuses = [];
    for (const conversation of [CHANNEL, '19:other@thread.tacv2', CHANNEL, CHANNEL, CHANNEL]) statuses.push((await send(conversation)).status);
    expect(statuses).toEqual([412, 201, 412, 201, 201]);
  });

  it('only the first rule with a fault is consulted, so a later counted rule is not used up', async () => {
    await start();
    connector.injectFaultOnce(() => faults.badGateway());
    connector.injectFaultOnce(() => faults.notInRoster());
    expect((await send(CHANNEL)).status).toBe(502);
    expect((await send(CHANNEL)).status).toBe(403);
    expect((await send(CHANNEL)).status).toBe(201);
    connector.injectFault(() => faults.conversationNotFound());
    connector.clearFaults();
    expect((await send(CHANNEL)).status).toBe(201);
  });
});

describe('the fake connector’s activities', () => {
  it('keep the current version of each posted activity, per channel, threads included', async () => {
    await start();
    const first = (await send(CHANNEL, { type: 'message', text: 'one' })).body.id;
    const second = (await send(CHANNEL, { type: 'message', text: 'two' })).body.id;
    await reply(`${CHANNEL};messageid=${first}`, first);
    await send('19:other@thread.tacv2', { type: 'message', text: 'elsewhere' });
    expect((await update(CHANNEL, first, { type: 'message', text: 'one, edited' })).body).toEqual({ id: first });
    await remove(CHANNEL, second);
    expect(connector.activitiesIn(CHANNEL).map((activity) => [activity.id === first, activity.text])).toEqual([
      [true, 'one, edited'],
      [false, 'hi'],
    ]);
    expect(connector.activitiesIn(`${CHANNEL};messageid=${first}`)).toEqual(connector.activitiesIn(CHANNEL));
    expect(connector.deliveredCount()).toBe(3);
    expect(connector.deliveredCount((activity, conversationId) => conversationId === CHANNEL && activity.text.startsWith('one'))).toBe(1);
    expect(connector.postedActivities().map((activity) => activity.text)).toEqual(['one', 'two', 'hi', 'elsewhere']);
  });

  it('remember the activity a new conversation was created with', async () => {
    await start();
    const created = (await request('POST', 'v3/conversations', { isGroup: false, members: [{ id: '29:user' }], activity: { type: 'message', text: 'welcome' } })).body;
    expect(created).toEqual({ id: expect.stringMatching(/^a:/), activityId: expect.any(String) });
    expect(connector.activitiesIn(created.id)).toEqual([{ type: 'message', text: 'welcome', id: created.activityId }]);
  });

  it('with strictActivities, an update of an unknown or deleted activity is 404 ActivityNotFound', async () => {
    await start({ strictActivities: true });
    expect(await update(CHANNEL, 'nope', { type: 'message' })).toMatchObject({ status: 404, body: { error: { code: 'ActivityNotFound' } } });
    const id = (await send(CHANNEL)).body.id;
    expect((await update(CHANNEL, id, { type: 'message', text: 'edited' })).status).toBe(200);
    await remove(CHANNEL, id);
    expect((await update(CHANNEL, id, { type: 'message' })).status).toBe(404);
    expect(connector.calls.filter((call) => call.operation === 'update')).toHaveLength(1);
  });

  it('without it, any update is accepted', async () => {
    await start();
    expect((await update(CHANNEL, 'nope', { type: 'message', text: 'x' })).status).toBe(200);
    expect(connector.activitiesIn(CHANNEL)).toEqual([{ type: 'message', text: 'x', id: 'nope' }]);
  });
});

describe('the fake connector’s onRequest', () => {
  it('tells of a request as it arrives, before it is answered, until unsubscribed', async () => {
    await start();
    connector.injectFaultOnce(() => ({ delayMs: 300 }));
    const arrived: ConnectorCall[] = [];
    const unsubscribe = connector.onRequest((call) => arrived.push(call));
    let answered = false;
    const pending = send(CHANNEL).then(() => (answered = true));
    while (arrived.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(arrived[0]).toMatchObject({ operation: 'send', conversationId: CHANNEL, body: { text: 'hi' } });
    expect(answered).toBe(false);
    expect(connector.calls).toEqual([]);
    await pending;
    expect(connector.calls).toHaveLength(1);
    unsubscribe();
    await send(CHANNEL);
    expect(arrived).toHaveLength(1);
  });
});
