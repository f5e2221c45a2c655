import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { discardRest } from '../http/discard-rest.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { Logger } from '../log/logger.js';
import { refusalLog } from '../log/refusal-log.js';
import { AuthenticationFailed, AuthenticationUnavailable, type BrobyggerAdapter } from './create-adapter.js';
import { isLoopbackServiceUrl, serviceUrlHost } from './loopback-service-url.js';
import { incomingActivity } from './incoming-activity.js';
import { signedForBot } from './channel-token-signature.js';
import { SigningKeysUnavailable } from './signing-keys.js';

/** A list of 5,000 malformed members would otherwise be answered with 5,000 lines. */
const MAX_PROBLEMS = 10;

export type MessagesEndpointOptions = {
  /** Local mode (no authentication): an activity whose serviceUrl is not on this machine gets 403. */
  loopbackOnly: boolean;
  bodyLimitBytes: number;
  /** Production: the token must be for this app id and signed with a Bot Framework key before the body is read. */
  signedFor?: { appId: string; metadataUrl?: string | undefined };
};

/**
 * `POST /api/messages`: authenticates through the CloudAdapter and runs the turn; answers 401 on a bad token, and
 * 503 with Retry-After when it cannot authenticate at all (signing keys unavailable, or no result in time). In
 * production a token that is not signed for this bot is refused before the body is read: parsing 4 MB of JSON takes
 * a quarter of a second, which nobody should be able to make the bot spend without a token from Microsoft.
 */
export function messagesEndpoint(adapter: BrobyggerAdapter, logic: (context: TurnContext) => Promise<void>, log: Logger, options: MessagesEndpointOptions) {
  let lastDeadlineWarning = -Infinity;
  const unavailable = (res: Response, retryAfterSeconds: number) => {
    res.header('retry-after', String(retryAfterSeconds));
    res.send(503, { error: 'Authentication is unavailable right now; please retry.' });
  };
  return async (req: Request, res: Response): Promise<void> => {
    if (options.signedFor) {
      let signed: boolean;
      try {
        signed = await signedForBot(req.header('authorization'), options.signedFor.appId, options.signedFor.metadataUrl);
      } catch (error) {
        if (!(error instanceof SigningKeysUnavailable)) throw error;
        discardRest(req);
        return unavailable(res, error.retryAfterSeconds);
      }
      if (!signed) {
        discardRest(req);
        refusalLog.warn(log, { reason: 'no token for this bot signed with a Bot Framework key' }, 'activity refused: authentication failed');
        res.send(401, { error: 'Unauthorized' });
        return;
      }
    }
    req.body = await readJsonBody(req, options.bodyLimitBytes);
    const parsed = incomingActivity.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: 'The body is not a Bot Framework activity.', problems: parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`) });
      return;
    }
    if (options.loopbackOnly && !isLoopbackServiceUrl(parsed.data.serviceUrl)) {
      refusalLog.warn(log, { serviceUrlHost: serviceUrlHost(parsed.data.serviceUrl) }, 'activity refused: local mode replies only to a serviceUrl on this machine (loopback)');
      res.send(403, { error: 'Local mode replies only to a serviceUrl on this machine (127.0.0.1, ::1 or localhost).' });
      return;
    }
    try {
      const invokeResponse = await adapter.handleActivity(req.header('authorization') ?? '', req.body as Activity, logic);
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      if (error instanceof AuthenticationFailed) {
        refusalLog.warn(log, { reason: error.reason.slice(0, 200), serviceUrlHost: serviceUrlHost(parsed.data.serviceUrl) }, 'activity refused: authentication failed');
        res.send(401, { error: 'Unauthorized' });
        return;
      }
      if (error instanceof AuthenticationUnavailable) {
        // A failed key fetch is logged once where it happens; a deadline (an unknown hang) at most once a minute.
        const warn = error.reason === 'deadline' && Date.now() - lastDeadlineWarning > 60_000;
        if (warn) lastDeadlineWarning = Date.now();
        log[warn ? 'warn' : 'debug']({ reason: error.reason }, 'activity refused with 503: authentication is unavailable');
        return unavailable(res, error.retryAfterSeconds);
      }
      log.error({ err: error }, 'activity processing failed');
      res.send(500, { error: 'Internal error' });
    }
  };
}
