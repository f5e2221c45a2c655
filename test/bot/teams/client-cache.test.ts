import type { Activity } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ClientCache } from '../../../bot/teams/client-cache.js';
import { ConnectorResponseCountingAuthentication } from '../../../bot/teams/connector-response-counting.js';

describe('ClientCache: one client per key, bounded', () => {
  const counting = () => {
    let made = 0;
    return { make: async () => ({ n: ++made }), made: () => made };
  };

  it('makes a client once per key and hands the same one out again', async () => {
    const cache = new ClientCache<{ n: number }>();
    const { make, made } = counting();
    const [a, b] = await Promise.all([cache.get('x', make), cache.get('x', make)]);
    expect(a).toBe(b);
    expect(await cache.get('y', make)).not.toBe(a);
    expect(made()).toBe(2);
  });

  it('keeps at most `limit` clients, the least recently used leaving first', async () => {
    const cache = new ClientCache<{ n: number }>(2);
    const { make, made } = counting();
    const first = await cache.get('a', make);
    await cache.get('b', make);
    await cache.get('a', make); // a is now the most recently used
    await cache.get('c', make); // b leaves
    expect(cache.size).toBe(2);
    expect(await cache.get('a', make)).toBe(first);
    expect(made()).toBe(3);
    await cache.get('b', make);
    expect(made()).toBe(4);
  });

  it('does not keep a creation that failed: the next call tries again', async () => {
    const cache = new ClientCache<{ n: number }>();
    await expect(cache.get('x', () => Promise.reject(new Error('no credentials')))).rejects.toThrow('no credentials');
    expect(cache.size).toBe(0);
    expect(await cache.get('x', async () => ({ n: 7 }))).toEqual({ n: 7 });
  });
});

describe('the counting Bot Framework authentication reuses its clients (local mode, no app id)', () => {
  const auth = () => new ConnectorResponseCountingAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' }, () => {});
  const activity = (serviceUrl: string) => ({ type: 'message', channelId: 'msteams', serviceUrl }) as Activity;
  const turn = async (on: ConnectorResponseCountingAuthentication, serviceUrl: string) => {
    const result = await on.authenticateRequest(activity(serviceUrl), '');
    return { client: await result.connectorFactory!.create(serviceUrl, result.audience), audience: result.audience };
  };
  const turnClient = async (on: ConnectorResponseCountingAuthentication, serviceUrl: string) => (await turn(on, serviceUrl)).client;
  const identity = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

  it('two turns from the same serviceUrl get the same client; another serviceUrl its own', async () => {
    const on = auth();
    const first = await turnClient(on, 'http://127.0.0.1:3978/');
    expect(await turnClient(on, 'http://127.0.0.1:3978/')).toBe(first);
    expect(await turnClient(on, 'http://127.0.0.1:3979/')).not.toBe(first);
  });

  it("the proactive sender gets a new client for each send, never a turn's (it takes their retry policy out)", async () => {
    const on = auth();
    const url = 'http://127.0.0.1:3978/';
    const { client, audience } = await turn(on, url);
    // Same app id (none), audience and serviceUrl as the turn's.
    const proactive = await on.createConnectorFactory(identity('')).create(url, audience);
    expect(proactive).not.toBe(client);
    expect(await on.createConnectorFactory(identity('')).create(url, audience)).not.toBe(proactive);
    expect(await turnClient(on, url)).toBe(client);
  });

  it("a turn's user token client (for sign-in cards) is made once per app id", async () => {
    const on = auth();
    const first = await on.createUserTokenClient(identity('app-1'));
    expect(await on.createUserTokenClient(identity('app-1'))).toBe(first);
    expect(await on.createUserTokenClient(identity('app-2'))).not.toBe(first);
  });
});
