/**
 * Wraps a check so it runs at most once per `forMs`; calls in between get the last answer. For checks that anyone
 * can trigger without authentication and that cost more than a lookup in memory (e.g. /readyz's write-lock probe).
 */
export function rememberedFor<T>(forMs: number, check: () => T, now: () => number = Date.now): () => T {
  let last: { at: number; answer: T } | null = null;
  return () => {
    const at = now();
    if (last === null || at - last.at >= forMs) last = { at, answer: check() };
    return last.answer;
  };
}
