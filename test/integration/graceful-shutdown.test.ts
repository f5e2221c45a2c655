import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fake-connector.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { PEOPLE, worldDatabase } from '../support/world.js';

// A real bot process: its start alone takes up to 20 s on a loaded 2-core machine.
describe('graceful shutdown (SIGTERM)', { timeout: 60_000 }, () => {
  let bot: BotProcess | null = null;
  const connector = new FakeConnector();
  afterEach(async () => {
    bot?.child.kill('SIGKILL');
    await connector.stop();
  });

  it('stops accepting, finishes the turn in flight, closes the store and exits 0', async () => {
    await connector.start();
    let arrived!: () => void;
    const replyArrived = new Promise<void>((resolve) => (arrived = resolve));
    connector.injectFault((call) => (call.operation === 'reply' ? (arrived(), { delayMs: 1500 }) : undefined));
    bot = await spawnBot({ ...(await worldDatabase()).env, ALLOWED_TENANT_IDS: TEST_TENANT });

    const inFlight = fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage({ serviceUrl: connector.url, from: PEOPLE.anna, text: 'hjælp' })),
    });
    await replyArrived;
    bot.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();

    expect((await inFlight).status).toBe(200);
    expect(await bot.exited).toBe(0);
    expect(connector.postedActivities().length).toBeGreaterThanOrEqual(1);
    const logs = bot.output.map((line) => JSON.parse(line));
    expect(logs.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['shutting down: no new requests, finishing the ones in flight', 'stopped']));
    expect(logs.find((entry) => entry.msg === 'stopped')).toMatchObject({ drained: true });
  });

  it('refuses to start unauthenticated with NODE_ENV=production, naming the variable', async () => {
    await expect(spawnBot({ NODE_ENV: 'production', LOCAL_MODE: '', ...(await worldDatabase()).env })).rejects.toThrow(/MicrosoftAppId: is not set: set MicrosoftAppId, /);
  });
});
