import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, rawDb } from '../../../data/store/store.js';

const store = await openStore(join(mkdtempSync(join(tmpdir(), 'brobygger-metrics-')), 'store.sqlite'));
afterAll(() => store.close());

/** The statements the metrics run at every scrape (data/repositories/operations.ts) and route-unrouted-alerts after every activity. */
const SCRAPE_SQL = [
  ...['pending', 'sending', 'sent', 'dead'].map((state) => `SELECT count(*) FROM outbox WHERE state = '${state}'`),
  "SELECT min(created_at) FROM outbox WHERE state = 'pending'",
  "SELECT count(*) FROM alerts WHERE channel_id IS NULL AND state = 'open'",
  "SELECT count(*) FROM alerts WHERE state = 'open' AND delivered_at IS NOT NULL",
  "SELECT alert_id FROM alerts WHERE state = 'open' AND channel_id IS NULL ORDER BY alert_id LIMIT 100",
];

describe('the gauges read the database through indexes', () => {
  it.each(SCRAPE_SQL)('%s', (sql) => {
    const plan = (rawDb(store).prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan).toMatch(/USING (COVERING )?INDEX/);
    expect(plan).not.toMatch(/SCAN (outbox|alerts)(?! USING)/);
  });
});
