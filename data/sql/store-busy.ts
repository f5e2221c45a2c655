/**
 * Another process (an import, a backup, a `sqlite3` shell) holds SQLite's write lock, so a write could not be made
 * now. Nothing was written by the unit of work that failed; trying the whole unit again later is safe.
 */
export class StoreBusy extends Error {
  override readonly name = 'StoreBusy';

  constructor(message = 'the database write lock is held by another process', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** SQLITE_BUSY and SQLITE_LOCKED (and their extended codes) from better-sqlite3, or a StoreBusy already classified. */
export function isBusyError(error: unknown): boolean {
  if (error instanceof StoreBusy) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/** The error as a StoreBusy when it is a busy error, else unchanged. */
export function asStoreBusy(error: unknown): unknown {
  if (error instanceof StoreBusy || !isBusyError(error)) return error;
  return new StoreBusy(undefined, { cause: error });
}
