import { addMonths, lastCompleteMonth, monthOf, parseMonth, type Month } from './month.js';

const NAMES: readonly (readonly string[])[] = [
  ['januar', 'january', 'jan'],
  ['februar', 'february', 'feb'],
  ['marts', 'march', 'mar'],
  ['april', 'apr'],
  ['maj', 'may'],
  ['juni', 'june', 'jun'],
  ['juli', 'july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['oktober', 'october', 'okt', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

/** Month names in Danish and English, full or abbreviated (with or without a full stop), to their number. */
const MONTH_NUMBERS = new Map(NAMES.flatMap((names, index) => names.map((name) => [name, index + 1] as const)));

export type StatusMonth = { ok: true; month: Month } | { ok: false };

/** Whether the words after "status" are meant as a month (else the message is left to the other routes). */
export function looksLikeMonth(words: string): boolean {
  const text = words.trim();
  if (text === '' || /^\d/.test(text)) return true;
  return MONTH_NUMBERS.has(monthWord(text.split(/\s+/)[0]!));
}

/**
 * The month asked for after "status": nothing (the last complete month), `2025-10`, `oktober 2025` / `okt. 2025` /
 * `October 2025`, or a month name alone (its latest occurrence that has ended).
 */
export function parseStatusMonth(words: string, now: Date): StatusMonth {
  const text = words.trim();
  const latest = lastCompleteMonth(now);
  if (text === '') return { ok: true, month: latest };
  const iso = parseMonth(text);
  if (iso) return { ok: true, month: iso };
  const named = /^(\S+)(?:\s+(\d{4}))?$/.exec(text);
  const number = named ? MONTH_NUMBERS.get(monthWord(named[1]!)) : undefined;
  if (!named || number === undefined) return { ok: false };
  if (named[2]) return Number(named[2]) >= 2000 ? { ok: true, month: monthOf(Number(named[2]), number) } : { ok: false };
  const thisYear = monthOf(Number(latest.slice(0, 4)), number);
  return { ok: true, month: thisYear <= latest ? thisYear : addMonths(thisYear, -12) };
}

function monthWord(word: string): string {
  return word.replace(/\.$/, '').toLowerCase();
}
