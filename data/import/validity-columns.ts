import type { z } from 'zod';
import { parseDate } from '../../domain/dates/parse-date.js';
import type { IsoDate } from '../../domain/dates/iso-date.js';
import { cell, CellProblem } from './cell-schemas.js';

/** A date column in an import file: `YYYY-MM-DD` or `DD-MM-YYYY`. Messages are Danish (the operators' language). */
export const dateColumn = cell((raw): IsoDate | CellProblem => {
  const parsed = parseDate(raw);
  if (parsed.ok) return parsed.date;
  if (parsed.reason === 'no-such-date') return new CellProblem(`datoen "${raw}" findes ikke`);
  return new CellProblem(raw.trim() === '' ? 'mangler en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)' : `"${raw}" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)`);
});

/** An empty end date means "until further notice". */
export const openEndDateColumn = cell((raw): IsoDate | null | CellProblem => {
  if (raw.trim() === '') return null;
  const parsed = parseDate(raw);
  if (parsed.ok) return parsed.date;
  return new CellProblem(parsed.reason === 'no-such-date' ? `datoen "${raw}" findes ikke` : `"${raw}" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, eller lad feltet stå tomt)`);
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
