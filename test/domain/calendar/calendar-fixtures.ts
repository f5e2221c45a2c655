import { fromCopenhagen } from '../../../domain/calendar/copenhagen-time.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours, type OpeningHours } from '../../../domain/calendar/opening-hours.js';

export const HOUR = 3_600_000;

export function hours(text: string): OpeningHours {
  const parsed = parseOpeningHours(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

export const officeHours = hours(DEFAULT_OPENING_HOURS);

/** A Copenhagen wall-clock time, e.g. `at('2026-03-27', '15:00')`. */
export function at(date: string, time: string): Date {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return fromCopenhagen(date, hour * 60 + minute);
}
