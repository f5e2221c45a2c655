import { describe, expect, it } from 'vitest';
import { containsCpr, findCprNumbers, findCprSpellings } from '../../../domain/cpr/find-cpr.js';
import { redactCprInText } from '../../../domain/cpr/mask-cpr.js';

const ZWSP = '\u200B';
const SOFT_HYPHEN = '\u00AD';

/** [how it is written, the exact characters that spell the number, its ten digits]. */
const SPELLINGS: [string, string, string][] = [
  ['compact', '0101901234', '0101901234'],
  ['hyphen', '010190-1234', '0101901234'],
  ['space', '010190 1234', '0101901234'],
  ['two spaces', '010190  1234', '0101901234'],
  ['hyphen with spaces', '010190 - 1234', '0101901234'],
  ['non-breaking hyphen', '010190\u20111234', '0101901234'],
  ['en dash', '010190\u20131234', '0101901234'],
  ['em dash', '010190\u20141234', '0101901234'],
  ['minus sign', '010190\u22121234', '0101901234'],
  ['non-breaking space', '010190\u00A01234', '0101901234'],
  ['narrow non-breaking space', '010190\u202F1234', '0101901234'],
  ['thin space', '010190\u20091234', '0101901234'],
  ['dots in the date', '12.03.85-1127', '1203851127'],
  ['slashes in the date', '12/03/85-1127', '1203851127'],
  ['hyphens in the date', '12-03-85-1127', '1203851127'],
  ['spaces in the date', '12 03 85 1127', '1203851127'],
  ['dots in the date, no serial separator', '12.03.851127', '1203851127'],
  ['full-width digits and hyphen', '\uFF11\uFF12\uFF10\uFF13\uFF18\uFF15\uFF0D\uFF11\uFF11\uFF12\uFF17', '1203851127'],
  ['full-width digits, ASCII hyphen', '\uFF10\uFF11\uFF10\uFF11\uFF19\uFF10-\uFF11\uFF12\uFF13\uFF14', '0101901234'],
  ['mathematical digits', '\u{1D7CE}\u{1D7CF}\u{1D7CE}\u{1D7CF}\u{1D7D7}\u{1D7CE}\u{1D7CF}\u{1D7D0}\u{1D7D1}\u{1D7D2}', '0101901234'],
  ['zero-width space inside', `0101${ZWSP}901234`, '0101901234'],
  ['zero-width joiner and word joiner', `01\u200D01\u206090-1234`, '0101901234'],
  ['byte order mark inside', `010190\uFEFF1234`, '0101901234'],
  ['soft hyphen inside', `01${SOFT_HYPHEN}0190-12${SOFT_HYPHEN}34`, '0101901234'],
  ['zero-width space as the only separator', `010190${ZWSP}1234`, '0101901234'],
  ['escaped dash', '010190\\-1234', '0101901234'],
  ['JSON-escaped hyphen', '010190\\u002d1234', '0101901234'],
  ['JSON-escaped en dash, escaped again', '010190\\\\u20131234', '0101901234'],
  ['JSON-escaped zero-width space', '0101\\u200b901234', '0101901234'],
  ['HTML entity hyphen', '010190&#45;1234', '0101901234'],
  ['HTML entity en dash', '010190&ndash;1234', '0101901234'],
  ['HTML non-breaking space', '010190&nbsp;1234', '0101901234'],
  ['URL-encoded hyphen', '010190%2D1234', '0101901234'],
  ['URL-encoded space', '010190%201234', '0101901234'],
  ['URL-encoded en dash', '010190%E2%80%931234', '0101901234'],
  ['substitute number (day + 60)', '610190-1234', '6101901234'],
];

/** Each spelling is tried in these surroundings: [before, after]. */
const SURROUNDINGS: [string, string][] = [
  ['', ''],
  ['hvem har ', '?'],
  ['cpr', ''],
  ['CPR-nr.', ' (borger)'],
  ['hvem+har+', '&x=1'],
  ['q=hvem%20har%20', ''],
  ['"text":"', '"'],
  ['Error: failed for ', '\\n    at answer (/app/x.ts:1:2)'],
  [`${ZWSP}`, `${ZWSP}`],
  ['', 's sag'],
];

describe('the CPR detector finds every spelling, and its exact span', () => {
  for (const [name, spelling, digits] of SPELLINGS) {
    it.each(SURROUNDINGS)(`${name}: "%s…%s"`, (before, after) => {
      const text = `${before}${spelling}${after}`;
      const found = findCprNumbers(text);
      expect(found).toEqual([{ start: before.length, end: before.length + spelling.length, digits }]);
      expect(containsCpr(text)).toBe(true);
      expect(redactCprInText(text)).toBe(`${before}${digits.slice(0, 6)}-xxxx${after}`);
    });
  }

  it('masks several numbers in one text, each over its own characters', () => {
    expect(redactCprInText('hvem har 010190-1234, 0202801235 og 12.03.85\u20131127?')).toBe('hvem har 010190-xxxx, 020280-xxxx og 120385-xxxx?');
    expect(redactCprInText('0101901234,0202801235')).toBe('010190-xxxx,020280-xxxx');
  });
});

/** Text that holds digits but no CPR number: nothing is found, masked or refused. */
const NOT_CPR: [string, string][] = [
  ['a Teams activity id', 'f:1234567890123456'],
  ['a Teams user id', '29:1a2b0101901234'],
  ['a Teams user id ending in ten digits', '29:1a2b3c4d5e0101901234'],
  ['a GUID', '12345678-1234-1234-1234-123456789012'],
  ['a GUID holding a CPR-shaped piece at a group edge', 'ab010190-1234-4321-8765-aa0101901234'],
  ['a GUID in upper case, ten digits at the end', 'ABCDEF01-1234-4321-8765-AB0101901234'],
  ['a hex id', 'deadbeef0101901234cafe'],
  ['a hex id ending in ten digits', 'c0ffee0101901234'],
  ['a 13-digit millisecond time', '1732312345678'],
  ['a Unix time', '1732312345'],
  ['a long digit run', '1234567890123'],
  ['an 11-digit run', '01019012345'],
  ['a 12-digit run', '010190123456'],
  ['an 8-digit run', '01019012'],
  ['a 9-digit CPR attempt', '010190-123'],
  ['a phone number in pairs', '+45 33 66 33 66'],
  ['a phone number with country code', '+4533660101'],
  ['a phone number', '33663366'],
  ['a phone number and more digits', 'ring 33 66 00 00 eller 3366000012'],
  ['an ISO date', '2026-11-26'],
  ['an ISO time stamp', '2026-11-26T02:17:33.123Z'],
  ['a Danish date and time', '26.11.2026 10.30'],
  ['a case number', 'sag 2024-0388567'],
  ['a decimal fraction', '0.1203851127'],
  ['a number with a decimal point inside', '3.0101901234'],
  ['a day that is not a date', '320190-1234'],
  ['a month that is not a month', '011390-1234'],
  ['day zero', '000190-1234'],
  ['a date split by two different separators', '12.03-85-1127'],
  ['a four-digit year', '12.03.1985-1127'],
  ['a serial after a slash', '120385/1127'],
  ['an 11-digit run with a zero-width space', `1${ZWSP}0101901234`],
  ['an 11-digit run with an escaped zero-width space', '1\\u200b0101901234'],
];

describe('the CPR detector leaves other numbers alone', () => {
  it.each(NOT_CPR)('%s: %s', (_, text) => {
    expect(findCprNumbers(text)).toEqual([]);
    expect(containsCpr(text)).toBe(false);
    expect(redactCprInText(text)).toBe(text);
  });

  it('a log line keeps its ids intact while the CPR number in it is masked', () => {
    const line = '{"activityId":"f:1234567890123456","from":"29:1a2b3c4d5e0101901234","aadObjectId":"ab010190-1234-4321-8765-aa0101901234","text":"hvem har 010190-1234"}';
    expect(redactCprInText(line)).toBe(line.replace('010190-1234"}', '010190-xxxx"}'));
  });
});

describe('the parsers read every spelling, whatever its date', () => {
  it('finds a number whose date is impossible, which the parsers explain and the maskers leave', () => {
    expect(findCprSpellings('hvem har 320190-1234')).toEqual([{ start: 9, end: 20, digits: '3201901234' }]);
    expect(findCprNumbers('hvem har 320190-1234')).toEqual([]);
  });
});

describe('digits the detector knows', () => {
  it('are exactly the characters whose NFKC form is one ASCII digit', () => {
    const digitLike: string[] = [];
    for (let code = 0x80; code <= 0x2ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (/^[0-9]$/.test(char.normalize('NFKC'))) digitLike.push(char);
    }
    expect(digitLike.length).toBeGreaterThan(90);
    for (const char of digitLike) {
      const one = char.normalize('NFKC');
      expect(findCprNumbers(`010190123${char}`), `U+${char.codePointAt(0)!.toString(16)}`).toEqual([{ start: 0, end: 9 + char.length, digits: `010190123${one}` }]);
    }
  });
});
