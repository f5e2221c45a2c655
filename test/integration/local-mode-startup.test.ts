import { afterEach, describe, expect, it } from 'vitest';
import { refusedStart, spawnBot, type BotProcess } from '../support/bot-process.js';
import { worldDatabase } from '../support/world.js';

// A real bot process: its start alone can take over 20 s on a loaded 2-core machine.
describe('choosing local mode or a bot registration at start-up (the real process)', { timeout: 90_000 }, () => {
  let bot: BotProcess | null = null;
  afterEach(() => {
    bot?.child.kill('SIGKILL');
    bot = null;
  });

  it('refuses to start with neither MicrosoftAppId nor LOCAL_MODE=true: exit 1 and one line saying what to set', async () => {
    const { code, lines } = await refusedStart({ LOCAL_MODE: '', ...(await worldDatabase()).env });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry.level).toBe(60);
    expect(entry.msg).toBe(
      'Invalid configuration: MicrosoftAppId: is not set: set MicrosoftAppId, MicrosoftAppType and MicrosoftAppTenantId (production), or LOCAL_MODE=true for the Agents Playground and tests',
    );
  });

  it('refuses LOCAL_MODE=true with NODE_ENV=production', async () => {
    const { code, lines } = await refusedStart({ LOCAL_MODE: 'true', NODE_ENV: 'production', ...(await worldDatabase()).env });
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/LOCAL_MODE \(got \\"true\\"\): cannot be true when NODE_ENV=production/);
  });

  it('listens on 127.0.0.1 by default in local mode', async () => {
    bot = await spawnBot({ LOCAL_MODE: 'true', HOST: '', ...(await worldDatabase()).env });
    const listening = bot.output.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'Brobygger is listening');
    expect(listening).toMatchObject({ host: '127.0.0.1', localMode: true });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // Bound to 0.0.0.0 it would answer on every address; bound to 127.0.0.1 not even on 127.0.0.2 (also loopback on Linux).
    const port = new URL(bot.url).port;
    await expect(fetch(`http://127.0.0.2:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  });
});
