import { findCprSpellings } from '../../domain/cpr/find-cpr.js';
import { maskCpr } from '../../domain/cpr/mask-cpr.js';
import { validateCpr, type Cpr, type CprProblem } from '../../domain/cpr/validate-cpr.js';
import type { IsoDate } from '../../domain/dates/iso-date.js';
import { parseAsOf } from './parse-as-of.js';

export type LookupQuestion =
  | { kind: 'lookup'; cpr: Cpr; asOf: IsoDate | null }
  | { kind: 'bad-cpr'; shown: string; problem: CprProblem }
  | { kind: 'bad-date'; text: string; reason: 'format' | 'no-such-date' }
  | { kind: 'several-cprs' };

/** Digit runs that look like an attempt at a CPR number but have the wrong length (8, 9, 11 or 12 digits). */
const NEAR_MISS = /(?<![\dA-Za-z+])(\d{6})([-\u2010\u2011\u2013 ]?)(\d{2,6})(?![\dA-Za-z])/g;

/**
 * Reads a lookup question: a CPR number in any spelling the CPR detector knows (see find-cpr.ts), alone or in a
 * sentence, optionally with "pr. <date>" / "den <date>". A number right after `+` is a phone number (`+4533660101`).
 * Null when the text has nothing that looks like a CPR number.
 */
export function parseLookupQuestion(text: string): LookupQuestion | null {
  const asOf = parseAsOf(text);
  const spellings = findCprSpellings(asOf.rest).filter((span) => asOf.rest[span.start - 1] !== '+');
  const candidates = [...new Set(spellings.map((span) => span.digits))];
  if (candidates.length === 0) {
    const nearMiss = [...asOf.rest.matchAll(NEAR_MISS)][0];
    if (!nearMiss) return null;
    const [, date, separator, serial] = nearMiss as unknown as [string, string, string, string];
    // Echoed as typed, the serial masked digit for digit: "010190-xxxx" for nine digits would look like a valid number.
    const shown = `${date}${separator}${'x'.repeat(serial.length)}`;
    return { kind: 'bad-cpr', shown, problem: { kind: 'length', digits: date.length + serial.length } };
  }
  if (candidates.length > 1) return { kind: 'several-cprs' };
  if (asOf.kind === 'bad-date') return { kind: 'bad-date', text: asOf.text, reason: asOf.reason };
  const validation = validateCpr(candidates[0]!);
  if (!validation.ok) return { kind: 'bad-cpr', shown: maskCpr(candidates[0]!), problem: validation.problem };
  return { kind: 'lookup', cpr: validation.cpr, asOf: asOf.kind === 'date' ? asOf.date : null };
}
