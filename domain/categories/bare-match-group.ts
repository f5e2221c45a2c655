import type { IsoDate } from '../dates/iso-date.js';
import type { BifCategory } from './categories.js';
import { categoryKey } from './normalise-category.js';

export type MatchGroupNumber = 1 | 2 | 3 | 4 | 5;

/** A BIF match group written by a legacy system as a number without its scheme: "4", "match 5", "matchgruppe 2", "mg 1". */
export class BareMatchGroup {
  constructor(readonly group: MatchGroupNumber) {}
}

/** The day the new match model (groups 1–3) replaced the old one (groups 1–5), DOMAIN.md. */
const NEW_MATCH_MODEL_FROM = '2010-04-01' as IsoDate;

// On categoryKey's output: "matchgruppe 4" → "matchgruppe_4", "Match-gr. 4" → "match_gr_4", "mg4" → "mg4".
const BARE = /^(?:(?:match_?(?:gruppe|gr)?|mg)_?)?([1-5])$/;

export function readBareMatchGroup(raw: string): BareMatchGroup | null {
  const digit = BARE.exec(categoryKey(raw))?.[1];
  return digit === undefined ? null : new BareMatchGroup(Number(digit) as MatchGroupNumber);
}

/**
 * Groups 4 and 5 exist only in the old model, whatever the date. Groups 1–3 mean the model in force on the day the
 * case's period starts: old before 1 April 2010, new from then (also after 2014, when only the match models had numbers).
 */
export function resolveMatchGroup({ group }: BareMatchGroup, validFrom: IsoDate): BifCategory {
  if (group >= 4 || validFrom < NEW_MATCH_MODEL_FROM) return `gammel_match_${group}`;
  return `ny_match_${group as 1 | 2 | 3}`;
}
