import { z } from 'zod';
import { parseDate } from '../../bot/dates/parse-date.js';
import type { IsoDate } from '../../bot/dates/iso-date.js';

/** A date column in an import file: `YYYY-MM-DD` or `DD-MM-YYYY`. Messages are Danish (the operators' language). */
export const dateColumn = z.string().transform((value, ctx): IsoDate => {
  const parsed = parseDate(value);
  if (parsed.ok) return parsed.date;
  ctx.addIssue({
    code: 'custom',
    message:
      parsed.reason === 'no-such-date'
        ? `datoen "${value}" findes ikke`
        : value.trim() === ''
          ? 'mangler en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)'
          : `"${value}" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)`,
  });
  return z.NEVER;
});

/** An empty end date means "until further notice". */
export const openEndDateColumn = z.string().transform((value, ctx): IsoDate | null => {
  if (value.trim() === '') return null;
  const parsed = parseDate(value);
  if (parsed.ok) return parsed.date;
  ctx.addIssue({
    code: 'custom',
    message: parsed.reason === 'no-such-date' ? `datoen "${value}" findes ikke` : `"${value}" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, eller lad feltet stå tomt)`,
  });
  return z.NEVER;
});

/** The validity period of one fact: both ends inclusive, `valid_to` null when open. */
export const validityColumns = {
  valid_from: dateColumn,
  valid_to: openEndDateColumn,
};

export type Validity = { valid_from: IsoDate; valid_to: IsoDate | null };

/** Refinement for row schemas that carry a validity period. */
export function checkPeriod(row: Validity, ctx: z.RefinementCtx): void {
  if (row.valid_to !== null && row.valid_to < row.valid_from) {
    ctx.addIssue({ code: 'custom', path: ['valid_to'], message: `slutdatoen ${row.valid_to} ligger før startdatoen ${row.valid_from}` });
  }
}
