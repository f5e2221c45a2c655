import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyMemory } from '../../../bot/http/body-memory.js';
import { BodyRefused } from '../../../bot/http/body-refused.js';
import { readRawBody } from '../../../bot/http/read-raw-body.js';
import { rawRequest } from '../../support/raw-request.js';

const LIMIT = 80 * 1024;
const DEADLINE_MS = 1_500;

describe('readRawBody: a memory budget over all bodies being read at once', () => {
  const memory = new BodyMemory(100 * 1024);
  const server = restify.createServer();
  let url = '';
  beforeAll(async () => {
    server.post('/body', async (req: restify.Request, res: restify.Response) => {
      try {
        const body = await readRawBody(req, LIMIT, DEADLINE_MS, memory);
        res.send(200, { bytes: body.length });
      } catch (error) {
        if (!(error instanceof BodyRefused)) throw error;
        for (const [name, value] of Object.entries(error.headers)) res.header(name, value);
        res.send(error.status, { error: error.answer });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/body`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses with 503 and Retry-After a body that would go over the budget while another is held, and gives every byte back', async () => {
    const stalled = rawRequest(url, { headers: { 'content-length': String(LIMIT) }, body: [Buffer.alloc(60 * 1024, 'a')], end: false, timeoutMs: 10_000 });
    await expect.poll(() => memory.heldBytes, { timeout: 5_000 }).toBe(60 * 1024);
    const second = await rawRequest(url, { headers: { 'content-length': String(LIMIT) }, body: [Buffer.alloc(60 * 1024, 'b')], timeoutMs: 10_000 });
    expect(second.status).toBe(503);
    expect(JSON.parse(second.body)).toEqual({ error: 'Too many requests are being received right now; please retry.' });
    expect((await stalled).status).toBe(408);
    expect(memory.heldBytes).toBe(0);
    const afterwards = await rawRequest(url, { headers: { 'content-length': String(60 * 1024) }, body: [Buffer.alloc(60 * 1024, 'c')] });
    expect(afterwards).toMatchObject({ status: 200, body: JSON.stringify({ bytes: 60 * 1024 }) });
    expect(memory.heldBytes).toBe(0);
  });
});
