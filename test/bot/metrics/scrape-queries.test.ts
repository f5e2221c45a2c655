import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  OLDEST_PENDING_SQL,
  outboxInStateSql,
  UNCLAIMED_ALERTS_SQL,
  UNROUTED_ALERTS_SQL,
} from '../../../data/repositories/operations.js';
import { openStore, rawDb } from '../../../data/store/store.js';

const store = await openStore(join(mkdtempSync(join(tmpdir(), 'brobygger-metrics-')), 'store.sqlite'));
afterAll(() => store.close());

/** The statements the metrics run at every scrape (data/repositories/operations.ts) and route-unrouted-alerts after every activity. */
const SCRAPE_SQL = [
  ...(['pending', 'sending', 'sent', 'dead'] as const).map(outboxInStateSql),
  OLDEST_PENDING_SQL,
  UNROUTED_ALERTS_SQL,
  UNCLAIMED_ALERTS_SQL,
  "SELECT alert_id FROM alerts WHERE state = 'open' AND channel_id IS NULL ORDER BY alert_id LIMIT 100",
];

describe('the gauges read the database through indexes', () => {
  it.each(SCRAPE_SQL)('%s', (sql) => {
    const plan = (rawDb(store).prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan).toMatch(/USING (COVERING )?INDEX/);
    expect(plan).not.toMatch(/SCAN (outbox|alerts)(?! USING)/);
  });
});
