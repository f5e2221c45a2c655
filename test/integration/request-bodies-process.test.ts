import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { rawRequest } from '../support/raw-request.js';
import { TEST_TENANT } from '../support/teams-activity.js';
import { worldDatabase } from '../support/world.js';

const KEY = 'request-bodies-process-key-0123456789abcdef';

/** The crash was process-level (an unhandled error in the body parser), so it is tested against the real entry point. */
describe('a compressed body cannot take the process down (bot/main.ts in a child process)', () => {
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await spawnBot({ ...(await worldDatabase()).env, ALLOWED_TENANT_IDS: TEST_TENANT, ANNOUNCEMENT_API_KEYS: KEY });
  });
  afterAll(() => {
    bot?.child.kill('SIGKILL');
  });

  it('answers a broken gzip body and a truncated gzip with 415 on each POST route, and stays up', async () => {
    const truncated = gzipSync(Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(10_000) }))).subarray(0, 50);
    for (const path of ['/api/messages', '/api/announcements']) {
      for (const body of [Buffer.from([0x1f]), truncated]) {
        const answer = await rawRequest(`${bot.url}${path}`, {
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length), authorization: `Bearer ${KEY}` },
          body: [body],
        });
        expect(answer.status, path).toBe(415);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.child.exitCode).toBeNull();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
