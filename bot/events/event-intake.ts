import type { Store } from '../../data/store/store.js';
import { acceptEvent, type Acceptance, type AlertOptions } from './accept-event.js';
import type { IncomingEvent } from './event-schemas.js';

type Waiting = { webhookId: string; event: IncomingEvent; now: Date; resolve: (acceptance: Acceptance) => void; reject: (error: unknown) => void };

/**
 * Commits events that arrive at the same time in one transaction (one fsync for the batch), each inside its own
 * savepoint so one bad event cannot take the others down. A caller's promise resolves only after the commit, so
 * the 202 is never sent for something that is not on disk.
 */
export class EventIntake {
  private waiting: Waiting[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: AlertOptions,
    private readonly onCommitted: () => void = () => {},
  ) {}

  accept(webhookId: string, event: IncomingEvent, now: Date): Promise<Acceptance> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ webhookId, event, now, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.commitWaiting());
    });
  }

  private commitWaiting(): void {
    const batch = this.waiting;
    this.waiting = [];
    const results: ({ ok: true; acceptance: Acceptance } | { ok: false; error: unknown })[] = [];
    const { db } = this.store;
    try {
      db.transaction(() => {
        for (const item of batch) {
          try {
            results.push({ ok: true, acceptance: db.transaction(() => acceptEvent(this.store, item.webhookId, item.event, item.now, this.options))() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      batch.forEach((item) => item.reject(error));
      return;
    }
    batch.forEach((item, index) => {
      const result = results[index]!;
      if (result.ok) item.resolve(result.acceptance);
      else item.reject(result.error);
    });
    if (results.some((result) => result.ok && result.acceptance.outcome === 'accepted')) this.onCommitted();
  }
}
