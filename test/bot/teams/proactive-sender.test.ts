import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bot/config/load-config.js';
import { DeliveryError, SendWithdrawn, type SendTarget } from '../../../bot/delivery/message-sender.js';
import { createAdapter } from '../../../bot/teams/create-adapter.js';
import { createProactiveSender } from '../../../bot/teams/proactive-sender.js';
import { FakeConnector, faults } from '../../support/fake-connector.js';

const CHANNEL = '19:before-request@thread.tacv2';

// The outbox worker checks, in `beforeRequest`, that a send is still counted recently enough in Teams' limits. That
// only holds if nothing slow lies between the check and the request: the sender calls it as its last step.
describe("the proactive sender's beforeRequest", () => {
  const connector = new FakeConnector();
  const sender = () => createProactiveSender(createAdapter(loadConfig({ LOCAL_MODE: 'true' }), pino({ level: 'silent' })), '', { loopbackOnly: true, timeoutMs: 10_000 });
  let target: SendTarget;

  beforeAll(async () => {
    await connector.start();
    const reference = { channelId: 'msteams', serviceUrl: connector.url, conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true }, bot: { id: '28:brobygger-test-bot', name: 'Brobygger' } };
    target = { operation: 'post', conversation: { conversationId: CHANNEL, scope: 'channel', tenantId: 't', serviceUrl: connector.url, teamId: null, aadObjectId: null, reference, active: true, inactiveReason: null } };
  });
  afterAll(() => connector.stop());

  const sendsSoFar = () => connector.calls.filter((call) => call.operation === 'send').length;

  it('runs once per send, before the request reaches the connector; the request leaves only once it has finished', async () => {
    const before = sendsSoFar();
    const checks: { callsAtStart: number; finishedAt: number }[] = [];
    const beforeRequest = async () => {
      const callsAtStart = sendsSoFar();
      await new Promise((resolve) => setTimeout(resolve, 200));
      checks.push({ callsAtStart, finishedAt: Date.now() });
    };
    const { activityId } = await sender().send(target, { kind: 'text', text: 'hej' }, { beforeRequest });
    expect(activityId).toBeTruthy();
    expect(checks).toHaveLength(1);
    expect(checks[0]!.callsAtStart).toBe(before);
    const arrived = connector.calls.filter((call) => call.operation === 'send').slice(before);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.at).toBeGreaterThanOrEqual(checks[0]!.finishedAt);
  });

  it('makes no request when it throws SendWithdrawn, and send throws that same error (not a delivery failure)', async () => {
    const before = sendsSoFar();
    const withdrawn = new SendWithdrawn('taken over');
    const sending = sender().send(target, { kind: 'text', text: 'hej' }, { beforeRequest: async () => Promise.reject(withdrawn) });
    await expect(sending).rejects.toBe(withdrawn);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sendsSoFar()).toBe(before);
  });

  it("runs once even when the connector answers 429: the SDK's retries are off, the 429 comes back to the worker", async () => {
    let requests = 0;
    const unsubscribe = connector.onRequest((call) => void (call.operation === 'send' && requests++));
    connector.injectFaultOnce((call) => (call.operation === 'send' ? faults.throttled(2) : undefined));
    let checks = 0;
    const sending = sender().send(target, { kind: 'text', text: 'hej' }, { beforeRequest: async () => void checks++ });
    const error = await sending.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).status).toBe(429);
    expect((error as DeliveryError).retryAfterMs).toBe(2000);
    unsubscribe();
    expect(checks).toBe(1);
    expect(requests).toBe(1);
  });
});
