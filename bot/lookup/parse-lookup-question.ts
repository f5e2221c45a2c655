import { CPR_IN_TEXT, CPR_LIKE_IN_TEXT } from '../cpr/cpr-pattern.js';
import { maskCpr } from '../cpr/mask-cpr.js';
import { validateCpr, type Cpr, type CprProblem } from '../cpr/validate-cpr.js';
import type { IsoDate } from '../dates/iso-date.js';
import { parseAsOf } from './parse-as-of.js';

export type LookupQuestion =
  | { kind: 'lookup'; cpr: Cpr; asOf: IsoDate | null }
  | { kind: 'bad-cpr'; shown: string; problem: CprProblem }
  | { kind: 'bad-date'; text: string; reason: 'format' | 'no-such-date' }
  | { kind: 'several-cprs' };

/**
 * Reads a lookup question: a CPR number in any common spelling, alone or in a sentence, optionally with
 * "pr. <date>" / "den <date>". Null when the text has nothing that looks like a CPR number.
 */
export function parseLookupQuestion(text: string): LookupQuestion | null {
  const asOf = parseAsOf(text);
  const candidates = [...new Set([...asOf.rest.matchAll(CPR_IN_TEXT)].map((match) => `${match[1]}${match[2]}`))];
  if (candidates.length === 0) {
    const nearMiss = [...asOf.rest.matchAll(CPR_LIKE_IN_TEXT)][0];
    if (!nearMiss) return null;
    const digits = `${nearMiss[1]}${nearMiss[2]}`;
    return { kind: 'bad-cpr', shown: maskCpr(digits), problem: { kind: 'length', digits: digits.length } };
  }
  if (candidates.length > 1) return { kind: 'several-cprs' };
  if (asOf.kind === 'bad-date') return { kind: 'bad-date', text: asOf.text, reason: asOf.reason };
  const validation = validateCpr(candidates[0]!);
  if (!validation.ok) return { kind: 'bad-cpr', shown: maskCpr(candidates[0]!), problem: validation.problem };
  return { kind: 'lookup', cpr: validation.cpr, asOf: asOf.kind === 'date' ? asOf.date : null };
}
