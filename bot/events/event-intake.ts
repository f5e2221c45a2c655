import type { Store } from '../../data/store/store.js';
import { planEvent, recordEvent, type Acceptance, type AlertOptions } from './accept-event.js';
import type { IncomingEvent } from './event-schemas.js';

/**
 * An event's reads are made first, from one committed state and outside any write (planEvent); then events that
 * arrive at the same time are group-committed (one fsync for the batch, each event in its own savepoint), so the
 * write units, which queue one behind the other on PostgreSQL, hold only writes. The 202 is sent only after the
 * commit (which wakes the delivery worker: store.onCommitted).
 */
export class EventIntake {
  constructor(
    private readonly store: Store,
    private readonly options: AlertOptions,
  ) {}

  async accept(webhookId: string, event: IncomingEvent, now: Date): Promise<Acceptance> {
    const plan = await this.store.readSnapshot((reads) => planEvent(reads, event, now, this.options));
    if (plan.kind === 'unknown-citizen') return { outcome: 'unknown-citizen' };
    return this.store.commitGrouped(async (tx) => recordEvent(tx, webhookId, event, plan, now));
  }
}
