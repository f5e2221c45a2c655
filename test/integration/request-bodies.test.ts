import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_DEADLINE_MS } from '../../bot/http/read-raw-body.js';
import { rawRequest } from '../support/raw-request.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsMessage } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';

const KEY = 'request-bodies-test-key-0123456789abcdef';
/** The body limit of each POST route: /api/messages 4 MB, the others 64 KB. */
const ROUTES = [
  { path: '/api/messages', limit: 4 * 1024 * 1024 },
  { path: '/api/events', limit: 64 * 1024 },
  { path: '/api/announcements', limit: 64 * 1024 },
] as const;
const JSON_TYPE = { 'content-type': 'application/json' };
const MARKER = 'body-content-that-must-never-be-logged';

/** 75 gzip members of 8 MB of zeros each: about 600 KB that expands to 600 MB (one layer of deflate gives at most ~1000:1). */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 75 }, () => member));
}

function multipartUpload(): { headers: Record<string, string>; body: Buffer } {
  const boundary = '----brobygger-test-boundary';
  const file = Buffer.alloc(1024 * 1024, 'A');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="${MARKER}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) }, body };
}

/** A JSON-looking body sent in 64 KB chunks with no Content-Length, to `limit` plus 1 MB. */
function* chunkedBeyond(limit: number): Generator<Buffer> {
  yield Buffer.from(`{"text":"${MARKER}`);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  for (let sent = 0; sent < limit + 1024 * 1024; sent += chunk.length) yield chunk;
}

describe('request bodies: no body parser, nothing compressed, nothing to disk, nothing held open', () => {
  let bot: RunningBot;
  let tempFolder: string;
  const previousTmpdir = process.env.TMPDIR;
  let before: string[];

  beforeAll(async () => {
    // A temp folder of our own, so files written by tests running elsewhere on the machine do not count.
    tempFolder = mkdtempSync(join(tmpdir(), 'brobygger-bodies-'));
    process.env.TMPDIR = tempFolder;
    bot = await startBot({ env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ANNOUNCEMENT_API_KEYS: KEY } });
    before = readdirSync(tempFolder).sort();
  });
  afterAll(async () => {
    await bot?.stop();
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
  });

  const send = (path: string, options: Parameters<typeof rawRequest>[1]) =>
    rawRequest(`${bot.url}${path}`, { ...options, headers: { authorization: `Bearer ${KEY}`, ...options.headers } });

  describe.each(ROUTES)('POST $path', ({ path, limit }) => {
    it('refuses a Content-Encoding: gzip body that is not gzip with 415', async () => {
      const answer = await send(path, { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: [Buffer.from('this is not gzip at all')] });
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body)).toEqual({ error: 'Content-Encoding is not supported: send the body uncompressed.' });
    });

    it('refuses a gzip bomb (600 KB expanding to 600 MB) with 415, without inflating it', async () => {
      const bomb = gzipBomb();
      expect(bomb.length).toBeLessThan(700 * 1024);
      const answer = await send(path, { headers: { ...JSON_TYPE, 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, body: [bomb] });
      expect(answer.status).toBe(415);
    });

    it('refuses a multipart/form-data upload with 415', async () => {
      const upload = multipartUpload();
      const answer = await send(path, { headers: upload.headers, body: [upload.body] });
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body)).toEqual({ error: 'Send the body as Content-Type: application/json (UTF-8).' });
    });

    it('refuses a chunked body (no Content-Length) over the limit with 413, counting what is read', async () => {
      const answer = await send(path, { headers: JSON_TYPE, body: chunkedBeyond(limit) });
      expect(answer.status).toBe(413);
      expect(Object.keys(JSON.parse(answer.body))).toEqual(['error']);
    });
  });

  it('answers a body that stalls half way with 408 within the deadline, on every route', async () => {
    const stalled = (path: string) =>
      send(path, { headers: { ...JSON_TYPE, 'content-length': '1000' }, body: [Buffer.from(`{"text":"${'x'.repeat(490)}`)], end: false, timeoutMs: BODY_DEADLINE_MS + 20_000 });
    const answers = await Promise.all(ROUTES.map(({ path }) => stalled(path)));
    for (const answer of answers) {
      expect(answer.status).toBe(408);
      expect(answer.elapsedMs).toBeLessThan(BODY_DEADLINE_MS + 10_000);
    }
  }, BODY_DEADLINE_MS + 30_000);

  it('refuses other media types, and accepts application/json with charset=utf-8', async () => {
    const activity = JSON.stringify(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hjælp' }));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', 'application/json; charset=latin1', '']) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      expect((await send('/api/messages', { headers, body: [Buffer.from(activity)] })).status, type).toBe(415);
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      expect((await send('/api/messages', { headers: { 'content-type': type }, body: [Buffer.from(activity)] })).status, type).toBe(200);
    }
    expect((await send('/api/messages', { headers: { ...JSON_TYPE, 'content-encoding': 'identity' }, body: [Buffer.from(activity)] })).status).toBe(200);
  });

  it('answers invalid JSON with a short 400 that does not quote the body', async () => {
    const answer = await send('/api/announcements', { headers: JSON_TYPE, body: [Buffer.from(`{"title": "${MARKER}`)] });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'The body is not valid JSON.' });
  });

  it('does not read bodies on GET routes, and bounds query strings (414)', async () => {
    const get = await send('/healthz', { method: 'GET', headers: { ...JSON_TYPE, 'content-encoding': 'gzip', 'content-length': '8' }, body: [Buffer.from('not gzip')] });
    expect(get.status).toBe(200);
    expect((await fetch(`${bot.url}/healthz?${'a=1&'.repeat(1000)}`)).status).toBe(414);
  });

  it('after all of that: still up, still answering lookups, nothing new in the temp folder, and nothing of a body in the log', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    bot.connector.calls.length = 0;
    const lookup = await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hvem har 0101901234' }));
    expect(lookup.status).toBe(200);
    expect(JSON.stringify(bot.connector.postedActivities())).toContain('Birte Fællesborger');
    expect(readdirSync(tempFolder).sort()).toEqual(before);
    const refusals = bot.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request body refused');
    expect(refusals.length).toBeGreaterThanOrEqual(20);
    expect(refusals.every((entry) => entry.level === 40)).toBe(true);
    expect(refusals.filter((entry) => entry.status === 413).map((entry) => entry.path).sort()).toEqual(ROUTES.map(({ path }) => path).sort());
    expect(bot.logLines.join('\n')).not.toContain(MARKER);
  });
});
