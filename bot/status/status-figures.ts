import type { Repositories } from '../../data/store/store.js';
import { BIF_CATEGORIES } from '../../domain/categories/categories.js';
import { isSharedCitizenCategory } from '../../domain/categories/map-bif-category.js';
import { countMonths, type MonthCounts } from './count-months.js';
import { firstDay, lastDay, monthsUpTo, startOfYear, type Month } from './month.js';

/** The strategy's goals for one month, as counted: nothing suppressed yet, no citizen in sight. */
export type StatusFigures = MonthCounts & {
  month: Month;
  /** Offers of a social action plan dated from 1 January of the month's year to the month's last day. */
  actionPlansOfferedYtd: number;
  /** Those of them the citizen declined, so a process note was written instead. */
  processNotesYtd: number;
  /** The yearly target for offers in force on the month's last day, or null. */
  actionPlanTarget: number | null;
  /** The activation-rate target (percent) in force on the month's last day, or null. */
  activationTargetPercent: number | null;
};

const SHARED_CATEGORIES = BIF_CATEGORIES.filter(isSharedCitizenCategory);

/** The figures for `count` months ending with `last`, oldest first (the cases are read once for all of them). */
export async function statusSeries(store: Repositories, last: Month, count = 12): Promise<StatusFigures[]> {
  const months = monthsUpTo(last, count);
  const facts = await store.goalStatus.sharedCandidateFacts(firstDay(months[0]!), lastDay(last), SHARED_CATEGORIES);
  const counts = countMonths(facts, months);
  const series: StatusFigures[] = [];
  for (const month of months) {
    const offers = await store.goalStatus.offers(startOfYear(month), lastDay(month));
    series.push({
      month,
      ...counts.get(month)!,
      actionPlansOfferedYtd: offers.offered,
      processNotesYtd: offers.declined,
      actionPlanTarget: await store.goalStatus.targetOn('action_plan_offers', lastDay(month)),
      activationTargetPercent: await store.goalStatus.targetOn('activation_rate', lastDay(month)),
    });
  }
  return series;
}

/** The figures for one month. */
export async function statusFigures(store: Repositories, month: Month): Promise<StatusFigures> {
  return (await statusSeries(store, month, 1))[0]!;
}
