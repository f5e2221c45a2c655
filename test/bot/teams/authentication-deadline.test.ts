import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { AuthenticationFailed, AuthenticationUnavailable, BrobyggerAdapter } from '../../../bot/teams/create-adapter.js';
import { SigningKeysUnavailable } from '../../../bot/teams/signing-keys.js';

type Auth = ConstructorParameters<typeof BrobyggerAdapter>[0];
const adapterWhoseAuthentication = (authenticateRequest: () => Promise<never>, authDeadlineMs?: number) =>
  new BrobyggerAdapter({ authenticateRequest } as unknown as Auth, authDeadlineMs === undefined ? {} : { authDeadlineMs });
const activity = { type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/' } as Activity;
const noTurn = async () => {
  throw new Error('the turn must not run');
};

describe('BrobyggerAdapter.handleActivity: authentication is bounded and fails closed', () => {
  it('gives up on an authentication that never finishes, with 503 material (AuthenticationUnavailable)', async () => {
    const adapter = adapterWhoseAuthentication(() => new Promise<never>(() => {}), 300);
    const started = Date.now();
    const outcome = await adapter.handleActivity('Bearer x.y.z', activity, noTurn).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(AuthenticationUnavailable);
    expect(outcome).toMatchObject({ reason: 'deadline', retryAfterSeconds: 10 });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('turns unavailable signing keys into AuthenticationUnavailable with their Retry-After', async () => {
    const adapter = adapterWhoseAuthentication(() => Promise.reject(new SigningKeysUnavailable(7)));
    await expect(adapter.handleActivity('Bearer x.y.z', activity, noTurn)).rejects.toMatchObject({ name: 'AuthenticationUnavailable', reason: 'signing-keys', retryAfterSeconds: 7 });
  });

  it('keeps every other authentication error a 401 (AuthenticationFailed)', async () => {
    const adapter = adapterWhoseAuthentication(() => Promise.reject(new Error('Unauthorized. Invalid AppId passed on token')));
    await expect(adapter.handleActivity('Bearer x.y.z', activity, noTurn)).rejects.toBeInstanceOf(AuthenticationFailed);
  });
});
