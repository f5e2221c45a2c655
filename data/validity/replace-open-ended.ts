import { addDays, type IsoDate } from '../../domain/dates/iso-date.js';

/**
 * A fact that holds "until further notice" changes from `from`: the open version is superseded (never edited) and,
 * if it started earlier, written again closed the day before, so what was in force earlier can still be answered;
 * then the new open version is written. Call inside `sql.atomic` (data/sql/sql.ts), so all of it or none is written.
 */
export async function replaceOpenEnded<Row extends { valid_from: string }>(
  open: Row | undefined,
  from: IsoDate,
  write: { supersede(row: Row): Promise<unknown>; insertClosed(row: Row, validTo: IsoDate): Promise<unknown>; insertNew(): Promise<unknown> },
): Promise<void> {
  if (open) {
    await write.supersede(open);
    if (open.valid_from < from) await write.insertClosed(open, addDays(from, -1));
  }
  await write.insertNew();
}
