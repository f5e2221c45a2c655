import type { Request } from 'restify';
import { bodyMemory as processBodyMemory, type BodyMemory } from './body-memory.js';
import { BodyRefused } from './body-refused.js';
import { discardRest } from './discard-rest.js';

/** How long a whole body may take to arrive. Bot Connector, the portal and the event sender send theirs in milliseconds. */
export const BODY_DEADLINE_MS = 10_000;
/** What a body refused over the memory budget is told to wait (it is not the store being busy: see store-busy-response.ts). */
const MEMORY_FULL_RETRY_AFTER_SECONDS = 5;

export class BodyTooLarge extends BodyRefused {
  constructor(readonly limitBytes: number) {
    super(413, `The body is larger than ${readableSize(limitBytes)}.`, `body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * The request body as the exact bytes sent. The limit counts the bytes actually read (a chunked body has no
 * Content-Length, and a declared one can lie); a body that has not arrived within `deadlineMs` is refused with 408;
 * one that would take the bodies being read together over the process's memory budget with 503. Nothing is
 * decompressed and nothing is written to disk.
 */
export function readRawBody(req: Request, limitBytes: number, deadlineMs = BODY_DEADLINE_MS, memory: BodyMemory = processBodyMemory): Promise<Buffer> {
  const declared = Number(req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    discardRest(req);
    return Promise.reject(new BodyTooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (refusal: BodyRefused | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      memory.give(size);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      if (refusal === null) return resolve(Buffer.concat(chunks, size));
      if (refusal.status !== 408) discardRest(req);
      reject(refusal);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limitBytes) return finish(new BodyTooLarge(limitBytes));
      if (!memory.take(chunk.length)) return finish(new BodyRefused(503, 'Too many requests are being received right now; please retry.', 'request bodies being read are over the memory budget', { 'retry-after': String(MEMORY_FULL_RETRY_AFTER_SECONDS) }));
      size += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onAbort = () => finish(new BodyRefused(400, 'The request ended before its body was complete.', 'the client closed the connection mid-body'));
    const timer = setTimeout(() => finish(new BodyRefused(408, `The body did not arrive within ${deadlineMs / 1000} seconds.`, `body not complete after ${deadlineMs} ms`)), deadlineMs);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
  });
}

function readableSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}
