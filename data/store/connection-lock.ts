/**
 * One unit of work at a time on SQLite's one connection. A transaction's body may await (only its own `tx`, whose
 * calls are synchronous underneath), and nothing else may touch the connection until it has committed or rolled
 * back: another caller's write would otherwise land inside that transaction. Callers queue in arrival order.
 */
export class ConnectionLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** Runs `work` alone on the connection; when the lock is free, synchronous work has finished when this returns. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    if (!this.held) return this.start(work);
    return new Promise<T>((resolve, reject) => this.waiting.push(() => void this.start(work).then(resolve, reject)));
  }

  /** Units waiting for the connection (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  private start<T>(work: () => T | Promise<T>): Promise<T> {
    this.held = true;
    let result: T | Promise<T>;
    try {
      result = work();
    } catch (error) {
      this.release();
      return Promise.reject(error);
    }
    if (result instanceof Promise) return result.finally(() => this.release());
    this.release();
    return Promise.resolve(result);
  }

  private release(): void {
    const next = this.waiting.shift();
    // The next unit starts from the microtask queue, not from this stack, so a long queue cannot overflow it.
    if (next) queueMicrotask(next);
    else this.held = false;
  }
}
