import type { IsoDate } from '../../domain/dates/iso-date.js';
import { parseSpokenDate } from '../../domain/dates/parse-date.js';

export type AsOfParse =
  | { kind: 'none'; rest: string }
  | { kind: 'date'; date: IsoDate; rest: string }
  | { kind: 'bad-date'; text: string; reason: 'format' | 'no-such-date'; rest: string };

const DATE_SHAPES = String.raw`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{1,2}\.?\s+[a-zæøå]+\.?\s+\d{4}`;
const AS_OF = new RegExp(String.raw`(?:^|\s)(?:pr\.?|per|den|as of|on)\s+(${DATE_SHAPES})(?=$|[\s?.!,])`, 'i');

/** Finds "pr. <date>" / "den <date>" (or "as of" / "on") and returns the rest of the text without it. */
export function parseAsOf(text: string): AsOfParse {
  const match = AS_OF.exec(text);
  if (!match) return { kind: 'none', rest: text };
  const dateText = match[1]!;
  const rest = `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.trim();
  const parsed = parseSpokenDate(dateText);
  return parsed.ok ? { kind: 'date', date: parsed.date, rest } : { kind: 'bad-date', text: dateText, reason: parsed.reason, rest };
}
