import { findCprSpellings, plausibleCprDate } from '../../domain/cpr/find-cpr.js';
import { foldLetters } from '../../domain/text/normalise-danish.js';
import { replacePersonNames } from './person-name.js';

export const LOGGED_QUERY_LENGTH = 200;
export const CPR_PLACEHOLDER = '[CPR-nummer]';
export const NAME_PLACEHOLDER = '[navn]';

/**
 * Six digits that may begin a CPR number (a birth date, or one with a part of the serial) and are no part of a
 * longer number: `010190`, `010190-12`. Not a whole CPR number, but still who the question was about.
 */
const PARTIAL_CPR = /(?<![\d.])\d{6}(?:[-\s]?\d{1,3})?(?!\d)/gu;

/**
 * A guide question as the search log keeps it: every CPR number, in any spelling and whatever its date, and a
 * birth-date-like run of six digits replaced by "[CPR-nummer]" (not masked: no digit of it is kept), the words of
 * a person's name by "[navn]", cut to 200 characters.
 */
export function loggableQuery(question: string, guideTerms: ReadonlyMap<string, number>): string {
  let withoutCpr = '';
  let from = 0;
  for (const span of findCprSpellings(question)) {
    withoutCpr += question.slice(from, span.start) + CPR_PLACEHOLDER;
    from = span.end;
  }
  withoutCpr += question.slice(from);
  withoutCpr = withoutCpr.replace(PARTIAL_CPR, (digits) => (plausibleCprDate(digits) ? CPR_PLACEHOLDER : digits));
  return cutAtCharacter(replacePersonNames(withoutCpr.replace(/\s+/g, ' ').trim(), guideTerms, NAME_PLACEHOLDER), LOGGED_QUERY_LENGTH);
}

/** The key the report groups questions by: case, letters (ae → æ, é → e) and spacing folded. */
export function foldedQuery(query: string): string {
  return foldLetters(query).replace(/\s+/g, ' ').trim();
}

/** Cut by code points, so an emoji or a combining pair is not split in half. */
function cutAtCharacter(text: string, length: number): string {
  const characters = [...text];
  return characters.length <= length ? text : characters.slice(0, length).join('').trimEnd();
}
