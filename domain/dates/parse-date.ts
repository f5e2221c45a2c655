import { isoDate, type IsoDate } from './iso-date.js';

export type DateParse = { ok: true; date: IsoDate } | { ok: false; reason: 'format' | 'no-such-date' };

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DANISH_NUMERIC = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/;

/** Dates in the import files: `YYYY-MM-DD` or `DD-MM-YYYY` (also `DD.MM.YYYY` and `DD/MM/YYYY`). */
export function parseDate(input: string): DateParse {
  const text = input.trim();
  const iso = ISO.exec(text);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dk = DANISH_NUMERIC.exec(text);
  if (dk) return checked(Number(dk[3]), Number(dk[2]), Number(dk[1]));
  return { ok: false, reason: 'format' };
}

const MONTHS: Record<string, number> = {
  jan: 1, januar: 1, january: 1,
  feb: 2, februar: 2, february: 2,
  mar: 3, marts: 3, march: 3,
  apr: 4, april: 4,
  maj: 5, may: 5,
  jun: 6, juni: 6, june: 6,
  jul: 7, juli: 7, july: 7,
  aug: 8, august: 8,
  sep: 9, sept: 9, september: 9,
  okt: 10, oct: 10, oktober: 10, october: 10,
  nov: 11, november: 11,
  dec: 12, december: 12,
};

const WORDED = /^(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})$/i;

/** Dates a person types in chat: the import forms plus `1. januar 2025` / `1 Jan 2025`. */
export function parseSpokenDate(input: string): DateParse {
  const numeric = parseDate(input);
  if (numeric.ok || numeric.reason === 'no-such-date') return numeric;
  const worded = WORDED.exec(input.trim());
  if (!worded) return { ok: false, reason: 'format' };
  const month = MONTHS[worded[2]!.toLowerCase()];
  if (!month) return { ok: false, reason: 'format' };
  return checked(Number(worded[3]), month, Number(worded[1]));
}

function checked(year: number, month: number, day: number): DateParse {
  const date = isoDate(year, month, day);
  return date ? { ok: true, date } : { ok: false, reason: 'no-such-date' };
}
