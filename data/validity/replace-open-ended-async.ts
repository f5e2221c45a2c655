import { addDays, type IsoDate } from '../../domain/dates/iso-date.js';

/**
 * replace-open-ended.ts's rule for the repositories written once for both engines (data/sql/sql.ts): the open
 * version is superseded (never edited) and, if it started earlier, written again closed the day before; then the
 * new open version is written. Call inside `sql.atomic`. The synchronous twin goes once its last user is converted.
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
