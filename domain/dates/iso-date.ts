/** A calendar date as `YYYY-MM-DD`. Dates without a zone are Copenhagen dates. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

export const COPENHAGEN = 'Europe/Copenhagen';

const copenhagenDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: COPENHAGEN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let lastMinute = Number.NaN;
let lastDate = '' as IsoDate;

/**
 * The Copenhagen calendar date of an instant. A turn asks it several times for the same moment, and Intl's formatting
 * is the costly part: the last minute's answer is kept (Copenhagen's offset only changes on the hour).
 */
export function copenhagenDate(instant: Date): IsoDate {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = copenhagenDay.format(instant) as IsoDate;
    lastMinute = minute;
  }
  return lastDate;
}

export function isoDate(year: number, month: number, day: number): IsoDate | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  if (year < 1 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

/** Calendar arithmetic on `YYYY-MM-DD`; no time zone is involved. */
export function addDays(date: string, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10) as IsoDate;
}

/** Earliest date the store knows; used as the start of facts that have always held (e.g. a citizen's name). */
export const BEGINNING_OF_TIME = '0001-01-01' as IsoDate;
