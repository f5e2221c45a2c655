import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONNECTIONS } from '../../bot/http/create-server.js';
import { REFUSALS_LOGGED_PER_WINDOW } from '../../bot/log/refusal-log.js';
import { postJson } from '../support/post-json.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { rawRequest } from '../support/raw-request.js';
import { channelTokenFor, memberJoined, useSignedTokenBot } from '../support/signed-token-bot.js';

const KEY = 'unauthenticated-bounds-key-0123456789abcdef';
const logBytes = (bot: RunningBot) => bot.logLines.reduce((sum, line) => sum + line.length, 0);
const entries = (bot: RunningBot) => bot.logLines.map((line) => JSON.parse(line));

describe('what an unauthenticated caller can make the bot write to its log (production mode)', () => {
  const signed = useSignedTokenBot();
  const { issuer } = signed;

  it('a body without a token signed for the bot is refused (401) before it is read, however large', async () => {
    const before = logBytes(signed.bot);
    for (const authorization of [undefined, 'Bearer not.a.token', `Bearer ${'x'.repeat(8000)}`, `Bearer ${issuer.channelToken({ aud: 'another-bot', serviceurl: signed.bot.connector.url })}`]) {
      // One MB of a 4 MB body is sent and the rest never comes: only an answer that does not wait for the body arrives.
      const answer = await rawRequest(`${signed.bot.url}/api/messages`, {
        headers: { 'content-type': 'application/json', 'content-length': String(4_000_000), ...(authorization ? { authorization } : {}) },
        body: [Buffer.from(`{"type":"message","serviceUrl":"https://attacker.example/${'a'.repeat(1_000_000)}`)],
        end: false,
        timeoutMs: 5_000,
      });
      expect(answer.status, authorization?.slice(0, 20)).toBe(401);
    }
    expect(logBytes(signed.bot) - before).toBeLessThan(2_000);
  });

  it('with a token for the bot, a 3 MB serviceUrl gets 400 and is not logged; a serviceUrl the token does not name logs its host only', async () => {
    const before = logBytes(signed.bot);
    const token = { authorization: `Bearer ${channelTokenFor(signed.bot, issuer)}` };
    const huge = { ...memberJoined(signed.bot), serviceUrl: `https://attacker.example/${'a'.repeat(3_000_000)}` };
    expect((await postJson(`${signed.bot.url}/api/messages`, huge, token)).status).toBe(400);
    const long = { ...memberJoined(signed.bot), serviceUrl: `https://attacker.example/${'a'.repeat(2_000)}` };
    expect((await postJson(`${signed.bot.url}/api/messages`, long, token)).status).toBe(401);
    expect(logBytes(signed.bot) - before).toBeLessThan(1_000);
    expect(entries(signed.bot).filter((entry) => entry.msg === 'activity refused: authentication failed').at(-1)).toMatchObject({ serviceUrlHost: 'attacker.example' });
  });

  it('answers an unknown path or method without quoting the request (a CPR number in a path stays out of the answer)', async () => {
    const unknownPath = await fetch(`${signed.bot.url}/hvem/har/0101901234`);
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toEqual({ error: 'Not Found' });
    const wrongMethod = await fetch(`${signed.bot.url}/api/messages?0101901234`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.text()).toBe('{"error":"Method Not Allowed"}');
  });

  it(`hundreds of refused requests of one kind write at most ${REFUSALS_LOGGED_PER_WINDOW} lines of that kind a minute`, async () => {
    const before = signed.bot.logLines.length;
    for (let i = 0; i < 150; i++) {
      const [missing, unknown] = await Promise.all([postJson(`${signed.bot.url}/api/messages`, memberJoined(signed.bot)), fetch(`${signed.bot.url}/no-such-path-${i}`)]);
      expect([missing.status, unknown.status]).toEqual([401, 404]);
    }
    const written = entries(signed.bot).slice(before);
    const count = (msg: string) => written.filter((entry) => entry.msg === msg).length;
    expect(count('activity refused: authentication failed')).toBeLessThanOrEqual(REFUSALS_LOGGED_PER_WINDOW);
    expect(count('request rejected')).toBeLessThanOrEqual(REFUSALS_LOGGED_PER_WINDOW);
    expect(written.length).toBeLessThan(2 * REFUSALS_LOGGED_PER_WINDOW + 5);
    expect((await fetch(`${signed.bot.url}/healthz`)).status).toBe(200);
  }, 60_000);
});

describe('idle connections cannot use up the process (local mode)', () => {
  let bot: RunningBot;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    bot = await startBot({ env: { ANNOUNCEMENT_API_KEYS: KEY } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await bot.stop();
  });

  it(`keeps at most ${MAX_CONNECTIONS} connections open, closes the rest at once, and answers again when they go`, async () => {
    const { port } = new URL(bot.url);
    const opened = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS + 100 }, () => new Promise<Socket>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
        socket.on('error', () => resolve(socket));
        sockets.push(socket);
      })),
    );
    expect(opened).toHaveLength(MAX_CONNECTIONS + 100);
    await expect.poll(() => entries(bot).some((entry) => entry.msg === 'connection closed: too many open connections'), { timeout: 10_000 }).toBe(true);
    const open = await new Promise<number>((resolve, reject) => bot.app.server.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    expect(open).toBeLessThanOrEqual(MAX_CONNECTIONS);
    for (const socket of sockets) socket.destroy();
    await expect.poll(async () => (await fetch(`${bot.url}/healthz`)).status, { timeout: 10_000 }).toBe(200);
  }, 30_000);
});
