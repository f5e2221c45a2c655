import type { Locale } from '../chat/chat-request.js';

const formats: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `2025-03-01` → `1. marts 2025` / `1 March 2025`. */
export function formatDate(isoDate: string, locale: Locale): string {
  return formats[locale].format(new Date(`${isoDate}T00:00:00Z`));
}
