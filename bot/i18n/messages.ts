import type { Locale } from './locale.js';
import { da } from './messages.da.js';
import { en } from './messages.en.js';

export type Messages = typeof da;

const catalogs: Record<Locale, Messages> = { da, en };

export function messages(locale: Locale): Messages {
  return catalogs[locale];
}
