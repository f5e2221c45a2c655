import { addDays, type IsoDate } from '../../domain/dates/iso-date.js';

/**
 * A fact that holds "until further notice" changes from `from`: the open version is superseded (never edited) and,
 * if it started earlier, written again closed the day before, so what was in force earlier can still be answered;
 * then the new open version is written. Call inside a transaction.
 */
export function replaceOpenEnded<Row extends { valid_from: string }>(
  open: Row | undefined,
  from: IsoDate,
  write: { supersede(row: Row): void; insertClosed(row: Row, validTo: IsoDate): void; insertNew(): void },
): void {
  if (open) {
    write.supersede(open);
    if (open.valid_from < from) write.insertClosed(open, addDays(from, -1));
  }
  write.insertNew();
}
