import { asStoreBusy, isBusyError } from './store-busy.js';

export type RetryOptions = {
  /** Give up (with StoreBusy) when the next attempt would start later than this after the first. */
  deadlineMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Checked after a busy failure: false means the attempt may have written something, so it must not be repeated. */
  safeToRetry?: () => boolean;
  /** Checked before each wait: false gives up early (e.g. the worker is stopping). */
  keepTrying?: () => boolean;
  sleep?: (ms: number) => Promise<void>;
};

/** Long enough to ride out a short lock, short enough that a person or a caller is answered within 2 s. */
export const INTERACTIVE_DEADLINE_MS = 1200;

/**
 * Timed work that takes its items one unit each (escalations, announcement sends) ends its round after this many
 * busy units in a row: then the database itself is busy (another process holds SQLite's write lock), not one item.
 */
export const BUSY_IN_A_ROW = 3;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a unit of work; while it fails because the store is busy, waits (asynchronously: the event loop keeps
 * serving) and runs the whole unit again, until the deadline. Then throws StoreBusy. Other errors pass at once.
 * Only for units that write nothing when they fail busy: one transaction, one group commit, or reads.
 */
export async function retryWhileBusy<T>(work: () => T | Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? INTERACTIVE_DEADLINE_MS);
  const sleep = options.sleep ?? wait;
  let delay = options.firstDelayMs ?? 25;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      if (options.safeToRetry && !options.safeToRetry()) throw asStoreBusy(error);
      const jittered = Math.round(delay * (0.75 + Math.random() * 0.5));
      if (Date.now() + jittered > deadline || (options.keepTrying && !options.keepTrying())) throw asStoreBusy(error);
      await sleep(jittered);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 250);
    }
  }
}

/**
 * For a unit of work made of several steps (a chat turn): retried only while the store has written nothing since
 * the attempt began, so a step that committed is never repeated. A busy failure itself writes nothing.
 */
export function retryWhileNothingWritten<T>(store: { writesSoFar(): number }, work: () => T | Promise<T>, options: Omit<RetryOptions, 'safeToRetry'> = {}): Promise<T> {
  let before = 0;
  return retryWhileBusy(
    () => {
      before = store.writesSoFar();
      return work();
    },
    { ...options, safeToRetry: () => store.writesSoFar() === before },
  );
}
