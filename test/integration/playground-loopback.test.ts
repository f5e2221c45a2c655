import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { playgroundConfig, startPlayground, type Playground } from '../../bot/cli/playground.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { freePort } from '../support/free-port.js';

let bot: RunningBot | null = null;
let playground: Playground | null = null;
afterAll(async () => {
  await playground?.stop();
  await bot?.stop();
});

describe('the Agents Playground started by npm run dev', () => {
  it('listens on loopback only', { timeout: 60_000 }, async () => {
    const settings = playgroundConfig('anna');
    bot = await startBot({ env: { ALLOWED_TENANT_IDS: settings.tenantId } });
    const port = await freePort();
    playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port, workDir: mkdtempSync(join(tmpdir(), 'brobygger-playground-')), config: settings });
    expect((await fetch(`http://127.0.0.1:${port}/_debug/ping`)).ok).toBe(true);
    // Listening on every interface it would answer on 127.0.0.2 too (loopback on Linux, but not the address it was given).
    await expect(fetch(`http://127.0.0.2:${port}/_debug/ping`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
  });
});
