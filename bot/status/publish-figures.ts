import type { Month } from './month.js';
import type { StatusFigures } from './status-figures.js';

/** Counts below this are never shown, nor is a rate whose numerator or denominator is below it. */
export const SMALL_COUNT = 5;

export const SUPPRESSIBLE = ['sharedCitizens', 'actionPlansOfferedYtd', 'processNotesYtd', 'processNoteShare', 'activationRate'] as const;
export type Suppressible = (typeof SUPPRESSIBLE)[number];

/**
 * The figures as they may be shown to anyone: a count under SMALL_COUNT, and a rate with a numerator or denominator
 * under it, is null and named in `suppressed` (a card shows "< 5"). Rates and targets are fractions (0.4 = 40 %).
 */
export type PublishedFigures = {
  month: Month;
  sharedCitizens: number | null;
  actionPlansOfferedYtd: number | null;
  processNotesYtd: number | null;
  /** Process notes ÷ offers, year to date. */
  processNoteShare: number | null;
  /** Activated ÷ all in the activation group, in the month. */
  activationRate: number | null;
  /** Targets are not counts of citizens and are never suppressed; null when none is configured. */
  actionPlanTarget: number | null;
  activationTarget: number | null;
  suppressed: Suppressible[];
};

export function publishFigures(figures: StatusFigures): PublishedFigures {
  const suppressed: Suppressible[] = [];
  const count = (name: Suppressible, value: number) => {
    if (value >= SMALL_COUNT) return value;
    suppressed.push(name);
    return null;
  };
  const rate = (name: Suppressible, numerator: number, denominator: number) => {
    if (numerator >= SMALL_COUNT && denominator >= SMALL_COUNT) return numerator / denominator;
    suppressed.push(name);
    return null;
  };
  return {
    month: figures.month,
    sharedCitizens: count('sharedCitizens', figures.sharedCitizens),
    actionPlansOfferedYtd: count('actionPlansOfferedYtd', figures.actionPlansOfferedYtd),
    processNotesYtd: count('processNotesYtd', figures.processNotesYtd),
    processNoteShare: rate('processNoteShare', figures.processNotesYtd, figures.actionPlansOfferedYtd),
    activationRate: rate('activationRate', figures.activatedInGroup, figures.activationGroup),
    actionPlanTarget: figures.actionPlanTarget,
    activationTarget: figures.activationTargetPercent === null ? null : figures.activationTargetPercent / 100,
    suppressed,
  };
}
