import type { Request, Response } from 'restify';
import { retryWhileBusy } from '../../data/sql/retry-while-busy.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import { readRawBody } from '../http/read-raw-body.js';
import { sendStoreBusy } from '../http/store-busy-response.js';
import type { Logger } from '../log/logger.js';
import { refusalLog } from '../log/refusal-log.js';
import { parseEvent } from './event-schemas.js';
import type { EventResult } from '../metrics/metric-labels.js';
import type { EventIntake } from './event-intake.js';
import { webhookHeaderProblem } from './webhook-headers.js';
import { verifyWebhookSignature, type WebhookSecret } from './webhook-signature.js';

export const EVENTS_BODY_LIMIT = 64 * 1024;
/** What a sender is told to wait while the alert backlog is over ALERT_BACKLOG_LIMIT. */
export const BACKLOG_RETRY_AFTER_SECONDS = 60;

/** Alert messages waiting to be sent, and how many may wait before new events are refused with 429. */
export type AlertBacklog = { limit: number; pending: () => Promise<number> };

/**
 * `POST /api/events`: size (413), bounded headers (400), Standard Webhooks signature over the raw bytes (401), JSON
 * and payload (422 with a list of problems), the alert backlog (429 with Retry-After, nothing stored), then stored
 * with its outbox rows and committed before the 202. A store that cannot commit gives 503 so the sender retries;
 * the webhook id makes the retry harmless.
 */
export type EventCounted = (type: string | null, result: EventResult) => void;

export function eventsEndpoint(deps: { intake: EventIntake; secrets: readonly WebhookSecret[]; backlog: AlertBacklog; log: Logger; clock: () => Date; counted?: EventCounted }) {
  return async (req: Request, res: Response): Promise<void> => {
    const count: EventCounted = deps.counted ?? (() => {});
    // A refused body (413, 408, 503) is answered and logged by the server, like every route's.
    const raw = await readRawBody(req, EVENTS_BODY_LIMIT);
    const now = deps.clock();
    const headers = { id: req.header('webhook-id'), timestamp: req.header('webhook-timestamp'), signature: req.header('webhook-signature') };
    const headerProblem = webhookHeaderProblem(headers);
    if (headerProblem) {
      refusalLog.warn(deps.log, { problem: headerProblem, remote: req.socket.remoteAddress }, 'event refused: malformed webhook header');
      count(null, 'unauthorized');
      res.send(400, { error: 'Bad Request', problem: headerProblem });
      return;
    }
    const signature = verifyWebhookSignature(headers, raw, deps.secrets, now);
    if (!signature.ok) {
      refusalLog.warn(deps.log, { problem: signature.problem, remote: req.socket.remoteAddress }, 'event refused: signature');
      count(null, 'unauthorized');
      res.send(401, { error: 'Unauthorized', problem: signature.problem });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      count(null, 'invalid');
      res.send(422, { error: 'The body is not valid JSON.', problems: ['body: not valid JSON'] });
      return;
    }
    const parsed = parseEvent(body);
    if (!parsed.ok) {
      deps.log.info({ webhookId: signature.webhookId, problems: parsed.problems }, 'event refused: invalid payload');
      count(null, 'invalid');
      res.send(422, { error: 'The event is not valid.', problems: parsed.problems });
      return;
    }
    const pending = await deps.backlog.pending();
    if (pending >= deps.backlog.limit) {
      deps.log.warn({ webhookId: signature.webhookId, pending, limit: deps.backlog.limit }, 'event refused: too many alert messages waiting to be sent (429)');
      count(parsed.event.type, 'backlog');
      res.header('retry-after', String(BACKLOG_RETRY_AFTER_SECONDS));
      res.send(429, { error: `${pending} alert messages are waiting to be sent (the limit is ${deps.backlog.limit}); nothing was stored. Please retry after ${BACKLOG_RETRY_AFTER_SECONDS} seconds with the same webhook-id.` });
      return;
    }
    let acceptance;
    try {
      acceptance = await retryWhileBusy(() => deps.intake.accept(signature.webhookId, parsed.event, now));
    } catch (error) {
      if (isBusyError(error)) {
        deps.log.warn({ webhookId: signature.webhookId }, 'event not stored: the database write lock is held by another process (503)');
        count(parsed.event.type, 'busy');
        sendStoreBusy(res);
        return;
      }
      deps.log.error({ err: error, webhookId: signature.webhookId }, 'event could not be stored');
      count(parsed.event.type, 'error');
      res.send(503, { error: 'The event could not be stored; please retry.' });
      return;
    }
    if (acceptance.outcome === 'unknown-citizen') {
      count(parsed.event.type, 'unknown-citizen');
      res.send(422, { error: 'The event is not valid.', problems: ['data.cpr: no citizen with this CPR number is known to Brobygger'] });
      return;
    }
    deps.log.info({ webhookId: signature.webhookId, type: parsed.event.type, outcome: acceptance.outcome }, 'event accepted');
    count(parsed.event.type, acceptance.outcome);
    if (acceptance.outcome === 'accepted' && acceptance.unrouted) {
      // Once per alert, here at acceptance: the worker then dead-letters its post without a retry or another line.
      deps.log.error({ webhookId: signature.webhookId, alertId: acceptance.alertId }, 'alert has no reachable channel: not even the fallback unit has the bot installed; it is sent once a channel is linked or the bot is installed (advis fejlet lists it)');
    }
    res.send(202, { id: signature.webhookId });
  };
}
