import { beforeAll, describe, expect, it } from 'vitest';
import {
  OLDEST_PENDING_SQL,
  outboxInStateSql,
  UNCLAIMED_ALERTS_SQL,
  UNROUTED_ALERTS_SQL,
} from '../../../data/repositories/operations.js';
import type { Store } from '../../../data/store/store.js';
import { rawSql } from '../../support/raw-sql.js';
import { worldStore } from '../../support/world.js';

let store: Store;
beforeAll(async () => {
  store = await worldStore();
});

/** The statements the metrics run at every scrape (data/repositories/operations.ts) and route-unrouted-alerts after every activity. */
const SCRAPE_SQL = [
  ...(['pending', 'sending', 'sent', 'dead'] as const).map(outboxInStateSql),
  OLDEST_PENDING_SQL,
  UNROUTED_ALERTS_SQL,
  UNCLAIMED_ALERTS_SQL,
  "SELECT alert_id FROM alerts WHERE state = 'open' AND channel_id IS NULL ORDER BY alert_id LIMIT 100",
];

/**
 * The engine's plan for `sql`, one line. PostgreSQL's planner scans a small table rather than use an index whatever
 * indexes exist, so there sequential scans are priced out for the question: is there an index it could use?
 */
async function planOf(sql: string): Promise<string> {
  const raw = rawSql(store);
  if (raw.dialect === 'sqlite') return (await raw.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((row) => row.detail).join(' | ');
  const rows = await raw.atomic(async (tx) => {
    await tx.run('SET LOCAL enable_seqscan = off');
    return tx.all<Record<string, string>>(`EXPLAIN ${sql}`);
  });
  return rows.map((row) => row['QUERY PLAN']).join(' | ');
}

describe('the gauges read the database through indexes', () => {
  it.each(SCRAPE_SQL)('%s', async (sql) => {
    const plan = await planOf(sql);
    if (rawSql(store).dialect === 'sqlite') {
      expect(plan).toMatch(/USING (COVERING )?INDEX/);
      expect(plan).not.toMatch(/SCAN (outbox|alerts)(?! USING)/);
    } else {
      expect(plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
      expect(plan).not.toMatch(/Seq Scan on (outbox|alerts)/);
    }
  });
});
