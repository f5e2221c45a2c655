import type { Request, Response } from 'restify';
import { BodyTooLarge, readRawBody } from '../http/read-raw-body.js';
import type { Logger } from '../log/logger.js';
import { parseEvent } from './event-schemas.js';
import type { EventIntake } from './event-intake.js';
import { verifyWebhookSignature, type WebhookSecret } from './webhook-signature.js';

export const EVENTS_BODY_LIMIT = 64 * 1024;

/**
 * `POST /api/events`: Standard Webhooks signature over the raw bytes (401), size (413), JSON and payload (422 with
 * a list of problems), then stored with its outbox rows and committed before the 202. A store that cannot commit
 * gives 503 so the sender retries; the webhook id makes the retry harmless.
 */
export function eventsEndpoint(deps: { intake: EventIntake; secrets: readonly WebhookSecret[]; log: Logger; clock: () => Date }) {
  return async (req: Request, res: Response): Promise<void> => {
    let raw: Buffer;
    try {
      raw = await readRawBody(req, EVENTS_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.header('connection', 'close');
        res.send(413, { error: `The body is larger than ${EVENTS_BODY_LIMIT / 1024} KB.` });
        return;
      }
      throw error;
    }
    const now = deps.clock();
    const signature = verifyWebhookSignature(
      { id: req.header('webhook-id'), timestamp: req.header('webhook-timestamp'), signature: req.header('webhook-signature') },
      raw,
      deps.secrets,
      now,
    );
    if (!signature.ok) {
      deps.log.warn({ problem: signature.problem, remote: req.socket.remoteAddress }, 'event refused: signature');
      res.send(401, { error: 'Unauthorized', problem: signature.problem });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.send(422, { error: 'The body is not valid JSON.', problems: ['body: not valid JSON'] });
      return;
    }
    const parsed = parseEvent(body);
    if (!parsed.ok) {
      deps.log.info({ webhookId: signature.webhookId, problems: parsed.problems }, 'event refused: invalid payload');
      res.send(422, { error: 'The event is not valid.', problems: parsed.problems });
      return;
    }
    let acceptance;
    try {
      acceptance = await deps.intake.accept(signature.webhookId, parsed.event, now);
    } catch (error) {
      deps.log.error({ err: error, webhookId: signature.webhookId }, 'event could not be stored');
      res.send(503, { error: 'The event could not be stored; please retry.' });
      return;
    }
    if (acceptance.outcome === 'unknown-citizen') {
      res.send(422, { error: 'The event is not valid.', problems: ['data.cpr: no citizen with this CPR number is known to Brobygger'] });
      return;
    }
    deps.log.info({ webhookId: signature.webhookId, type: parsed.event.type, outcome: acceptance.outcome }, 'event accepted');
    res.send(202, { id: signature.webhookId });
  };
}
