import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { Store } from '../../data/store/store.js';
import { withBearerKey } from '../http/bearer-key.js';
import type { Logger } from '../log/logger.js';
import { lastCompleteMonth, parseMonth, type Month } from './month.js';
import { publishFigures, type PublishedFigures, type Suppressible } from './publish-figures.js';
import { statusFigures } from './status-figures.js';

const query = z.object({
  month: z.string({ message: 'month must be given once, written YYYY-MM (e.g. 2026-10), or left out for the last complete month.' }).trim().optional(),
});

/** The JSON names of the figures that can be suppressed (the process-note share is shown on the card only). */
const JSON_NAMES: Partial<Record<Suppressible, string>> = {
  sharedCitizens: 'shared_citizens',
  actionPlansOfferedYtd: 'action_plans_offered_ytd',
  processNotesYtd: 'process_notes_ytd',
  activationRate: 'activation_rate',
};

/** Rates and targets as fractions with four decimals (0.4284 = 42.84 %). */
const fraction = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 10_000);

/** The status as the API answers it: a suppressed figure is null and named in `suppressed`. */
export function statusJson(figures: PublishedFigures) {
  return {
    month: figures.month,
    shared_citizens: figures.sharedCitizens,
    action_plans_offered_ytd: figures.actionPlansOfferedYtd,
    action_plan_target: figures.actionPlanTarget,
    process_notes_ytd: figures.processNotesYtd,
    activation_rate: fraction(figures.activationRate),
    activation_target: fraction(figures.activationTarget),
    suppressed: figures.suppressed.flatMap((name) => JSON_NAMES[name] ?? []),
  };
}

/**
 * `GET /api/status?month=YYYY-MM` (month optional: the last complete month, Copenhagen time): 401 without a valid
 * Bearer key, 422 with one readable sentence for a month that is malformed or has not ended, else the figures.
 */
export function statusEndpoint(deps: { store: Store; keys: readonly string[]; log: Logger; clock: () => Date }) {
  return withBearerKey(deps.keys, 'STATUS_API_KEYS', deps.log, async (req: Request, res: Response): Promise<void> => {
    const parsed = query.safeParse(req.query ?? {});
    if (!parsed.success) {
      res.send(422, { error: parsed.error.issues.map((issue) => issue.message).join('; ') });
      return;
    }
    const latest = lastCompleteMonth(deps.clock());
    let month: Month = latest;
    if (parsed.data.month) {
      const asked = parseMonth(parsed.data.month);
      if (!asked) {
        res.send(422, { error: `month "${parsed.data.month.slice(0, 20)}" is not a month: write it YYYY-MM, e.g. ${latest}.` });
        return;
      }
      if (asked > latest) {
        res.send(422, { error: `month ${asked} has not ended yet: the latest complete month is ${latest}.` });
        return;
      }
      month = asked;
    }
    const body = statusJson(publishFigures(await statusFigures(deps.store, month)));
    deps.log.info({ month, suppressed: body.suppressed }, 'status served');
    res.send(200, body);
  });
}
