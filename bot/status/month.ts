import type { Locale } from '../i18n/locale.js';
import { addDays, copenhagenDate, isoDate, type IsoDate } from '../../domain/dates/iso-date.js';

/** A calendar month written `YYYY-MM`. */
export type Month = string & { readonly __brand: 'Month' };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A `YYYY-MM` text as a month (year 2000 or later), or null. */
export function parseMonth(text: string): Month | null {
  const match = MONTH.exec(text.trim());
  if (!match || Number(match[1]) < 2000) return null;
  return `${match[1]}-${match[2]}` as Month;
}

export function monthOf(year: number, month: number): Month {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}` as Month;
}

function parts(month: Month): { year: number; month: number } {
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

/** The month `count` months later (earlier when negative). */
export function addMonths(month: Month, count: number): Month {
  const { year, month: m } = parts(month);
  const index = year * 12 + (m - 1) + count;
  return monthOf(Math.floor(index / 12), (index % 12) + 1);
}

export function firstDay(month: Month): IsoDate {
  return `${month}-01` as IsoDate;
}

export function lastDay(month: Month): IsoDate {
  return addDays(firstDay(addMonths(month, 1)), -1);
}

/** 1 January of the month's year. */
export function startOfYear(month: Month): IsoDate {
  return isoDate(parts(month).year, 1, 1)!;
}

export function yearOf(month: Month): number {
  return parts(month).year;
}

/**
 * The last month that has ended, in Copenhagen time: on 1 November 2026 at 00:30 Copenhagen time (still 31 October
 * in UTC) it is October 2026. The default month for the status and what a monthly post reports on.
 */
export function lastCompleteMonth(now: Date): Month {
  return addMonths(copenhagenDate(now).slice(0, 7) as Month, -1);
}

/** `count` months ending with `last`, oldest first. */
export function monthsUpTo(last: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, index) => addMonths(last, index - count + 1));
}

const longFormats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const shortFormats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
};
const monthNames: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }),
};

const asDate = (month: Month) => new Date(`${firstDay(month)}T00:00:00Z`);

/** `oktober 2025` / `October 2025`. */
export function formatMonth(month: Month, locale: Locale): string {
  return longFormats[locale].format(asDate(month));
}

/** `okt. 25` / `Oct 25`: the table's month labels (the charts' shorter ones are in status-charts.ts). */
export function formatMonthShort(month: Month, locale: Locale): string {
  return shortFormats[locale].format(asDate(month));
}

/** `oktober` / `October`. */
export function formatMonthName(month: Month, locale: Locale): string {
  return monthNames[locale].format(asDate(month));
}

/** `maj – oktober 2026`, or `november 2025 – oktober 2026` across a new year: a chart's months, oldest first. */
export function formatPeriod(from: Month, to: Month, locale: Locale): string {
  const start = yearOf(from) === yearOf(to) ? formatMonthName(from, locale) : formatMonth(from, locale);
  return `${start} – ${formatMonth(to, locale)}`;
}
