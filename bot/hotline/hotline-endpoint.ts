import type { Request, Response } from 'restify';
import { z } from 'zod';
import { retryWhileBusy } from '../../data/sql/retry-while-busy.js';
import type { Store } from '../../data/store/store.js';
import { withBearerKey } from '../http/bearer-key.js';
import type { Logger } from '../log/logger.js';
import { normalisePhone } from '../../domain/phone/normalise-phone.js';
import type { HotlineSettings } from './hotline-settings.js';
import { routeCall } from './route-call.js';
import { allSkillNames, skillFromText } from '../../domain/skills/skills.js';

const query = z.object({
  caller: z.string({ message: 'caller is required (the calling number, e.g. +4533661234)' }).trim().min(1, 'caller is required (the calling number, e.g. +4533661234)').max(40, 'caller is longer than a phone number can be'),
  topic: z.string().trim().max(100, 'topic is longer than 100 characters').optional(),
});

/**
 * `GET /api/hotline/route?caller=<number>&topic=<optional>` for the telephony system: 401 without a valid
 * Bearer key, 400 for a number or topic it cannot use (one readable sentence), else the routing decision; 503 with
 * Retry-After when the routing row cannot be committed because another process holds the database's write lock.
 */
export function hotlineRouteEndpoint(deps: { store: Store; settings: HotlineSettings; keys: readonly string[]; log: Logger; clock: () => Date }) {
  return withBearerKey(deps.keys, 'HOTLINE_API_KEYS', deps.log, async (req: Request, res: Response): Promise<void> => {
    const parsed = query.safeParse(req.query ?? {});
    if (!parsed.success) {
      res.send(400, { error: parsed.error.issues.map((issue) => issue.message).join('; ') });
      return;
    }
    const phone = normalisePhone(parsed.data.caller);
    if (!phone.ok) {
      res.send(400, { error: 'caller is not a phone number: give 8 digits for a Danish number (spaces, dashes, +45 or 0045 allowed) or a foreign number with its country code.' });
      return;
    }
    const topicText = parsed.data.topic ?? '';
    const topic = topicText === '' ? null : skillFromText(topicText);
    if (topicText !== '' && topic === null) {
      res.send(400, { error: `topic is not a hotline topic; known topics: ${allSkillNames('da')}.` });
      return;
    }
    const now = deps.clock();
    // Still busy after the retries: the server answers 503 with Retry-After (see createServer).
    res.send(200, await retryWhileBusy(() => routeCall(deps.store, deps.settings, { caller: phone.e164, topic, now }, deps.log)));
  });
}
