import { COPENHAGEN } from '../../domain/dates/iso-date.js';
import type { Locale } from './locale.js';

const formats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/**
 * `2025-03-01` → `1. marts 2025` / `1 March 2025`. The Danish day's period is followed by a no-break space: at
 * the start of a card text, "1. " would otherwise be rendered as a numbered list by Adaptive Cards' markdown.
 */
export function formatDate(isoDate: string, locale: Locale): string {
  const key = `${locale}${isoDate}`;
  let formatted = formattedDates.get(key);
  if (formatted === undefined) {
    formatted = formats[locale].format(new Date(`${isoDate}T00:00:00Z`)).replace(/^(\d+)\. /, '$1.\u00a0');
    if (formattedDates.size >= FORMATTED_DATES_LIMIT) formattedDates.clear();
    formattedDates.set(key, formatted);
  }
  return formatted;
}

/** A lookup card shows a dozen dates, mostly the same few (today, case starts): Intl's formatting is the cost. */
const FORMATTED_DATES_LIMIT = 4096;
const formattedDates = new Map<string, string>();

const timeFormats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: COPENHAGEN }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: COPENHAGEN }),
};

const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: COPENHAGEN }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: COPENHAGEN }),
};

/** Copenhagen wall-clock time: `10.42` / `10:42`. */
export function formatTime(instant: Date | string, locale: Locale): string {
  return timeFormats[locale].format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** `23. nov. 2026 10.42` / `23 Nov 2026, 10:42`, Copenhagen time. */
export function formatDateTime(instant: Date | string, locale: Locale): string {
  return dateTimeFormats[locale].format(typeof instant === 'string' ? new Date(instant) : instant);
}

const openingFormats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: COPENHAGEN }),
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: COPENHAGEN }),
};

/** `mandag den 24. november kl. 08.00` / `Monday 24 November at 08:00`, Copenhagen time. */
export function formatOpening(instant: Date, locale: Locale): string {
  const parts = Object.fromEntries(openingFormats[locale].formatToParts(instant).map((part) => [part.type, part.value]));
  return locale === 'da'
    ? `${parts.weekday} den ${parts.day}.\u00a0${parts.month} kl. ${parts.hour}.${parts.minute}`
    : `${parts.weekday} ${parts.day} ${parts.month} at ${parts.hour}:${parts.minute}`;
}
