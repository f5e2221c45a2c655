import { GroupCommit } from '../../data/store/group-commit.js';
import type { Store } from '../../data/store/store.js';
import { acceptEvent, type Acceptance, type AlertOptions } from './accept-event.js';
import type { IncomingEvent } from './event-schemas.js';

type Incoming = { webhookId: string; event: IncomingEvent; now: Date };

/**
 * Events that arrive at the same time are group-committed (one fsync for the batch, each event in its own
 * savepoint); the 202 is sent only after the commit. Accepted events wake the delivery worker.
 */
export class EventIntake {
  private readonly groupCommit: GroupCommit<Incoming, Acceptance>;

  constructor(
    store: Store,
    options: AlertOptions,
    private readonly onAccepted: () => void = () => {},
  ) {
    this.groupCommit = new GroupCommit(store.db, ({ webhookId, event, now }) => acceptEvent(store, webhookId, event, now, options));
  }

  async accept(webhookId: string, event: IncomingEvent, now: Date): Promise<Acceptance> {
    const acceptance = await this.groupCommit.submit({ webhookId, event, now });
    if (acceptance.outcome === 'accepted') this.onAccepted();
    return acceptance;
  }
}
