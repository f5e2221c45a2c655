import type { Store } from '../../data/store/store.js';
import { OUTBOX_STATES, type OutboxMetricState } from './metric-labels.js';

/**
 * The database reads behind the gauges, prepared once and run at every scrape. Each is answered from an index
 * (EXPLAIN QUERY PLAN is checked in test/metrics/scrape-queries.test.ts), so a scrape stays cheap on a large outbox.
 */
export function scrapeQueries(store: Store) {
  const { db } = store;
  // One statement per state: a partial index (WHERE state = 'sent') is used only for a literal, not a parameter.
  const inState = new Map(OUTBOX_STATES.map((state) => [state, db.prepare<[], number>(`SELECT count(*) FROM outbox WHERE state = '${state}'`).pluck()]));
  const oldestPending = db.prepare<[], string | null>("SELECT min(created_at) FROM outbox WHERE state = 'pending'").pluck();
  const unrouted = db.prepare<[], number>("SELECT count(*) FROM alerts WHERE channel_id IS NULL AND state = 'open'").pluck();
  const unclaimed = db.prepare<[], number>("SELECT count(*) FROM alerts WHERE state = 'open' AND delivered_at IS NOT NULL").pluck();
  const lastImport = db.prepare<[], string | null>('SELECT max(finished_at) FROM import_runs').pluck();
  return {
    outboxInState: (state: OutboxMetricState) => inState.get(state)!.get() as number,
    oldestPendingCreatedAt: () => {
      const at = oldestPending.get() as string | null;
      return at ? new Date(at) : null;
    },
    unroutedAlerts: () => unrouted.get() as number,
    unclaimedAlerts: () => unclaimed.get() as number,
    lastImportFinishedAt: () => {
      const at = lastImport.get() as string | null;
      return at ? new Date(at) : null;
    },
  };
}
