import type { Store } from '../../data/store/store.js';
import { acceptEvent, type Acceptance, type AlertOptions } from './accept-event.js';
import type { IncomingEvent } from './event-schemas.js';

/**
 * Events that arrive at the same time are group-committed (one fsync for the batch, each event in its own
 * savepoint); the 202 is sent only after the commit (which wakes the delivery worker: store.onCommitted).
 */
export class EventIntake {
  constructor(
    private readonly store: Store,
    private readonly options: AlertOptions,
  ) {}

  async accept(webhookId: string, event: IncomingEvent, now: Date): Promise<Acceptance> {
    return this.store.commitGrouped(async (tx) => acceptEvent(tx, webhookId, event, now, this.options));
  }
}
