/**
 * The one CPR detector: every path that reads, refuses or masks a CPR number in free text uses it (the lookup and
 * marking parsers, the channel guard, announcements, alert notes, the guide's echo of a query, the log redactor).
 *
 * What counts as a CPR number written in text — ten digits, DDMMYY then a four-digit serial:
 * - digits are any character whose NFKC form is an ASCII digit (full-width `０`, superscript, mathematical digits);
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen U+00AD), raw or escaped (`\u200b`, `&shy;`,
 *   `%E2%80%8B`), are ignored anywhere inside the number;
 * - the date may be split into DD MM YY by one separator used twice: `.` `/` a dash or a space (`12.03.85-1127`,
 *   `12/03/85 1127`, `12-03-85-1127`); a year of four digits is not a CPR spelling;
 * - between date and serial at most one separator: a dash (hyphen, non-breaking hyphen, en/em dash, minus, full-width
 *   hyphen), one to three spaces (incl. non-breaking, narrow and thin spaces), a dash with spaces around it, a `+`
 *   (URL-encoded space), or an escaped dash or space (`\-`, `\u002d`, `\u2013`, `&#45;`, `&ndash;`, `&nbsp;`, `%2D`,
 *   `%20`); `.` and `/` are not, so a decimal or a path segment is not read as a serial;
 * - not part of a longer number: no digit (nor digit-then-`.`, a decimal fraction) right before, no digit right after;
 * - not inside an identifier: letters on one side are fine (`cpr0101901234`, `0101901234s`), but not letters on both
 *   sides, nor letters-and-digits on either side (hex and activity ids such as `29:1a2b0101901234`), nor anywhere in a
 *   GUID-shaped token (`8-4-4-4-12` hex);
 * - findCprNumbers keeps the ones whose date is plausible: day 01–31 (or 61–91, substitute numbers add 60 to the
 *   day — stdnum and the lookup do not accept those, but they are personal data all the same), month 01–12. So an
 *   8-, 11- or 12-digit run, a phone number (`+45 33 66 33 66`), an ISO date or a Unix time is not a CPR number.
 *
 * Spans are positions in the original text, so masking replaces exactly the characters that spelled the number.
 */

export type CprSpan = { start: number; end: number; digits: string };

/** Characters whose NFKC form is one ASCII digit (a test checks this list against the whole of Unicode). */
const DIGIT = String.raw`[0-9\u00B2\u00B3\u00B9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u24EA\uFF10-\uFF19\u{1CCF0}-\u{1CCF9}\u{1D7CE}-\u{1D7FF}\u{1FBF0}-\u{1FBF9}]`;
const IGNORABLE = String.raw`(?:[\u00AD\u200B-\u200D\u2060\uFEFF]|\\{1,16}u(?:00[aA][dD]|200[b-dB-D]|2060|[fF][eE][fF][fF])|&shy;|&#173;|&#8203;|&#[xX](?:[aA][dD]|200[bB]);|%[cC]2%[aA][dD]|%[eE]2%80%8[b-dB-D])`;
const Z = `${IGNORABLE}*`;
const SPACE = String.raw`[ \u00A0\u2000-\u200A\u202F\u205F\u3000]`;
const DASH = String.raw`[\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]`;
const ESCAPED_DASH_OR_SPACE = String.raw`(?:\\{1,16}(?:-|u(?:002[dD]|201[0-5]|2212|0020|00[aA]0|202[fF]|200[0-9aA]))|&(?:#45|#[xX]2[dD]|#820[89]|#821[12]|#8722|#160|#[xX][aA]0|ndash|mdash|minus|nbsp);|%2[dD]|%20|%[eE]2%80%9[0-5]|%[cC]2%[aA]0|%[eE]2%88%92)`;
const DATE_SEPARATOR = String.raw`(?:[./\uFF0E\uFF0F]|${DASH}|${SPACE})`;
const SERIAL_SEPARATOR = String.raw`(?:${SPACE}{0,2}(?:${DASH}|${ESCAPED_DASH_OR_SPACE})${SPACE}{0,2}|${SPACE}{1,3}|\+)`;
const PAIR = `${DIGIT}${Z}${DIGIT}`;

/** Groups: 1 DD, 2 date separator, 3 MM, 4 YY (split date) or 5 MM, 6 YY (compact date); 7 the serial. */
const CPR_SPELLING = new RegExp(
  String.raw`(${PAIR})${Z}(?:(${DATE_SEPARATOR})${Z}(${PAIR})${Z}\2${Z}(${PAIR})|(${PAIR})${Z}(${PAIR}))${Z}(?:${SERIAL_SEPARATOR}${Z})?(${DIGIT}${Z}${DIGIT}${Z}${DIGIT}${Z}${DIGIT})(?!${Z}${DIGIT})`,
  'gu',
);

const IGNORABLES = new RegExp(IGNORABLE, 'gu');
const TRAILING_IGNORABLES = new RegExp(`${IGNORABLE}+$`, 'u');
const DIGIT_AT_END = new RegExp(`${DIGIT}\\.?$`, 'u');
/** An ASCII character that can end neither a digit, a `.` nor an escaped zero-width character (`\u200b`, `&shy;`). */
const CLEARLY_A_BOUNDARY = /^[\x00-\x2d\x2f\x3a\x3c-\x40\x47-\x60\x67-\x7f]$/;
const ONLY_ASCII_DIGITS = /^[0-9]+$/;
const PERCENT_ESCAPE_AT_END = /%[0-9a-f]{1,2}$/i;
/** An escaped character right before a number (`%20`, `\u200b`) is a boundary, not part of an identifier. */
const ESCAPE_AT_END = /(?:%[0-9a-f]{2}|\\+u[0-9a-f]{4})$/i;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const GUID_LENGTH = 36;
/** How far before a hit the checks look (the longest escaped zero-width run they see through, an id's length). */
const CONTEXT = 40;

/** Every ten-digit CPR spelling in the text, whatever its date: what the parsers read. */
export function findCprSpellings(text: string): CprSpan[] {
  const spans: CprSpan[] = [];
  const pattern = CPR_SPELLING;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (continuesANumber(text, start)) {
      pattern.lastIndex = start + 1;
      continue;
    }
    if (insideIdentifier(text, start, end) || insideGuid(text, start, end)) continue;
    const digits = [match[1], match[3] ?? match[5], match[4] ?? match[6], match[7]].map(asciiDigits).join('');
    spans.push({ start, end, digits });
  }
  return spans;
}

/** The CPR numbers in a text: spellings whose first six digits could be a birth date. What refuses and masks. */
export function findCprNumbers(text: string): CprSpan[] {
  return findCprSpellings(text).filter((span) => plausibleCprDate(span.digits));
}

export function containsCpr(text: string): boolean {
  return findCprNumbers(text).length > 0;
}

/**
 * Whether ten digits could begin with a CPR birth date: day 01–31 or a substitute day 61–91, month 01–12.
 * Deliberately loose (31 February passes): masking a mistyped number is better than letting a near-real one through.
 */
export function plausibleCprDate(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  return ((day >= 1 && day <= 31) || (day >= 61 && day <= 91)) && month >= 1 && month <= 12;
}

/** A digit right before (ignoring zero-width characters, not the hex digits of `%20`), or a digit and a `.`. */
function continuesANumber(text: string, start: number): boolean {
  if (start === 0 || CLEARLY_A_BOUNDARY.test(text[start - 1]!)) return false;
  const before = text.slice(Math.max(0, start - CONTEXT), start).replace(TRAILING_IGNORABLES, '');
  return DIGIT_AT_END.test(before) && !PERCENT_ESCAPE_AT_END.test(before);
}

function asciiDigits(group: string | undefined): string {
  if (group && ONLY_ASCII_DIGITS.test(group)) return group;
  return (group ?? '').replace(IGNORABLES, '').normalize('NFKC').replace(/[^0-9]/g, '');
}

/** Letters on both sides, or a mix of letters and digits on either side: part of an id, not a number in text. */
function insideIdentifier(text: string, start: number, end: number): boolean {
  const beforeText = text.slice(Math.max(0, start - CONTEXT), start);
  const before = alnumRunBefore(ESCAPE_AT_END.test(beforeText) ? '' : beforeText);
  const after = alnumRunAfter(text, end);
  if (before.letters + before.digits > 0 && after.letters + after.digits > 0) return true;
  return (before.letters > 0 && before.digits > 0) || (after.letters > 0 && after.digits > 0);
}

function alnumRunBefore(text: string): { letters: number; digits: number } {
  const run = { letters: 0, digits: 0 };
  for (let i = text.length - 1; i >= 0; i--) {
    const kind = asciiKind(text.charCodeAt(i));
    if (kind === null) break;
    run[kind]++;
  }
  return run;
}

function alnumRunAfter(text: string, from: number): { letters: number; digits: number } {
  const run = { letters: 0, digits: 0 };
  for (let i = from; i < text.length && i < from + CONTEXT; i++) {
    const kind = asciiKind(text.charCodeAt(i));
    if (kind === null) break;
    run[kind]++;
  }
  return run;
}

function asciiKind(code: number): 'letters' | 'digits' | null {
  if (code >= 48 && code <= 57) return 'digits';
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return 'letters';
  return null;
}

/** Inside the GUID-shaped run of hex digits and hyphens around the hit. */
function insideGuid(text: string, start: number, end: number): boolean {
  let from = start;
  let to = end;
  while (from > 0 && from > start - CONTEXT && isHexOrHyphen(text.charCodeAt(from - 1))) from--;
  while (to < text.length && to < end + CONTEXT && isHexOrHyphen(text.charCodeAt(to))) to++;
  if (to - from < GUID_LENGTH) return false;
  for (const guid of text.slice(from, to).matchAll(GUID)) {
    if (from + guid.index < end && start < from + guid.index + GUID_LENGTH) return true;
  }
  return false;
}

function isHexOrHyphen(code: number): boolean {
  return code === 45 || (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}
