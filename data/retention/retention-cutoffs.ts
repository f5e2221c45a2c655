import { copenhagenDate, fromCopenhagen } from '../../domain/calendar/copenhagen-time.js';

export type RetentionPeriods = { auditMonths: number; citizenMonths: number };

/** The two cut-offs of one run, both derived from the same Copenhagen date `today`. */
export type RetentionCutoffs = {
  today: string;
  /** A citizen is due when their last case ended before this date (ended on it: kept one more day). */
  citizenEndedBefore: string;
  /** An audit row is due when written before this instant (Copenhagen midnight starting `auditBefore` date). */
  auditBefore: string;
};

/**
 * `months` calendar months before `date`; a day the earlier month lacks becomes its last day
 * (31 May minus 3 months is 28 or 29 February).
 */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

export function retentionCutoffs(now: Date, periods: RetentionPeriods): RetentionCutoffs {
  const today = copenhagenDate(now);
  return {
    today,
    citizenEndedBefore: monthsBefore(today, periods.citizenMonths),
    auditBefore: fromCopenhagen(monthsBefore(today, periods.auditMonths), 0).toISOString(),
  };
}
