import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_WORLD_CSV } from '../support/alert-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, OTHER_SECRET_TEXT, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { CITIZENS } from '../support/world.js';
import type { Store } from '../../data/store/store.js';
import { rawSql, sqlColumn, sqlValue } from '../support/raw-sql.js';

let bot: RunningBot;
const count = (sql: string, id: string) => sqlValue<number>(bot.app.store, sql, { id });

beforeAll(async () => {
  // Two secrets configured: senders may use either while a key is being rotated.
  bot = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: `${OTHER_SECRET_TEXT}, ${WEBHOOK_SECRET_TEXT}` } });
});
afterAll(async () => bot.stop());

describe('POST /api/events (Standard Webhooks)', () => {
  it('accepts a signed event with 202 and its id, and stores it with its alert and outbox row', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared));
    const response = await postEvent(bot.url, request);
    expect(response).toEqual({ status: 202, body: { id: request.id } });
    expect(await count('SELECT count(*) FROM events WHERE webhook_id = @id', request.id)).toBe(1);
    expect(await count('SELECT count(*) FROM alerts WHERE webhook_id = @id', request.id)).toBe(1);
    expect(await count("SELECT count(*) FROM outbox o JOIN alerts a ON a.alert_id = o.alert_id WHERE a.webhook_id = @id AND o.operation = 'post'", request.id)).toBe(1);
    const actions = await sqlColumn(bot.app.store, 'SELECT action FROM audit_log WHERE detail LIKE @pattern ORDER BY id', { pattern: `%${request.id}%` });
    expect(actions).toEqual(['alert.received', 'alert.routed']);
  });

  it('a replayed webhook id gets 202 again and is stored once', async () => {
    const first = signedEvent(benefitStopped(CITIZENS.sofOnly));
    expect((await postEvent(bot.url, first)).status).toBe(202);
    const again = signedEvent(benefitStopped(CITIZENS.sofOnly, { note: 'changed body, same id' }), { id: first.id });
    expect(await postEvent(bot.url, again)).toEqual({ status: 202, body: { id: first.id } });
    expect(await count('SELECT count(*) FROM events WHERE webhook_id = @id', first.id)).toBe(1);
    expect(await count('SELECT count(*) FROM alerts WHERE webhook_id = @id', first.id)).toBe(1);
  });

  it('a signature made with a wrong secret gets 401 and nothing is stored', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared), { secret: { key: Buffer.from('not-the-configured-secret') } });
    const response = await postEvent(bot.url, request);
    expect(response.status).toBe(401);
    expect(response.body.problem).toBe('no signature matches');
    expect(await count('SELECT count(*) FROM events WHERE webhook_id = @id', request.id)).toBe(0);
  });

  it('a body changed after signing gets 401 (the signature covers the exact bytes)', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared));
    const response = await postEvent(bot.url, { ...request, body: request.body.replace('udeblivelse', 'job') });
    expect(response.status).toBe(401);
  });

  it('missing signature headers get 401', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared));
    const { 'webhook-signature': _dropped, ...headers } = request.headers;
    const response = await postEvent(bot.url, { ...request, headers });
    expect(response.status).toBe(401);
    expect(response.body.problem).toMatch(/missing/);
  });

  it('a timestamp more than 5 minutes old (or ahead) gets 401, even when correctly signed', async () => {
    const old = signedEvent(benefitStopped(CITIZENS.shared), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect((await postEvent(bot.url, old)).body.problem).toMatch(/5 minutes/);
    const ahead = signedEvent(benefitStopped(CITIZENS.shared), { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect((await postEvent(bot.url, ahead)).status).toBe(401);
  });

  it('a body over 64 KB gets 413', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared, { note: 'x'.repeat(70 * 1024) }));
    const response = await fetch(`${bot.url}/api/events`, { method: 'POST', headers: request.headers, body: request.body }).catch((error: unknown) => error);
    // The server answers 413 and closes; depending on timing the client sees the answer or a reset.
    if (response instanceof Response) expect(response.status).toBe(413);
    expect(await count('SELECT count(*) FROM events WHERE webhook_id = @id', request.id)).toBe(0);
  });

  it('malformed JSON gets 422 with a readable problem', async () => {
    const response = await postEvent(bot.url, signedEvent('{"type": "benefit.stopped", '));
    expect(response.status).toBe(422);
    expect(response.body.problems).toEqual(['body: not valid JSON']);
  });

  it('an unknown event type gets 422 naming the known types', async () => {
    const response = await postEvent(bot.url, signedEvent({ type: 'benefit.paused', timestamp: '2025-06-02T09:30:00Z', data: {} }));
    expect(response.status).toBe(422);
    expect(response.body.problems[0]).toMatch(/^type: unknown event type "benefit.paused"; known types: benefit.stopped, /);
  });

  it('an invalid CPR, a bad date, an unknown reason and an unknown field each get a line in the 422', async () => {
    const body = benefitStopped('3213901234', { stop_date: '2025-02-30', reason: 'glemt', colour: 'blue' });
    const response = await postEvent(bot.url, signedEvent(body));
    expect(response.status).toBe(422);
    expect(response.body.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^data\.cpr: is not a valid CPR number/),
        'data.stop_date: must be a real date written YYYY-MM-DD',
        expect.stringMatching(/^data\.reason: must be one of udeblivelse, /),
        'data: unknown field(s) "colour"',
      ]),
    );
  });

  it('an unknown top-level field gets 422 naming it, and nothing is stored', async () => {
    const request = signedEvent({ ...benefitStopped(CITIZENS.shared), priority: 'high', Type: 'x' });
    const response = await postEvent(bot.url, request);
    expect(response.status).toBe(422);
    expect(response.body.problems).toEqual(['body: unknown field(s) "priority", "Type"']);
    expect(await count('SELECT count(*) FROM events WHERE webhook_id = @id', request.id)).toBe(0);
  });

  it.each([
    ['a webhook-id of 129 characters', { 'webhook-id': `msg_${'x'.repeat(125)}` }, 'webhook-id must be 1–128 printable ASCII characters without spaces'],
    ['a webhook-id with a space', { 'webhook-id': 'msg 1' }, 'webhook-id must be 1–128 printable ASCII characters without spaces'],
    ['a webhook-timestamp that is not unix seconds', { 'webhook-timestamp': '2025-06-02T09:30:00Z' }, 'webhook-timestamp must be unix seconds (up to 12 digits)'],
    ['a webhook-timestamp of 13 digits', { 'webhook-timestamp': '1'.repeat(13) }, 'webhook-timestamp must be unix seconds (up to 12 digits)'],
    ['a webhook-signature over 1024 characters', { 'webhook-signature': `v1,${'A'.repeat(1100)}` }, 'webhook-signature must be at most 1024 characters'],
  ])('%s gets 400 with one sentence, and nothing is stored', async (_case, headers, problem) => {
    // Signed over the header values sent, so only the bound can refuse it.
    const id = headers['webhook-id' as keyof typeof headers] ?? undefined;
    const request = signedEvent(benefitStopped(CITIZENS.shared), id ? { id } : {});
    const response = await postEvent(bot.url, { ...request, headers: { ...request.headers, ...headers } });
    expect(response).toEqual({ status: 400, body: { error: 'Bad Request', problem } });
    expect(await count('SELECT count(*) FROM events WHERE webhook_id = @id', request.id)).toBe(0);
  });

  it('a webhook-id of exactly 128 printable characters is accepted', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared), { id: `msg_${'x'.repeat(120)}!~:.` });
    expect(request.id).toHaveLength(128);
    expect(await postEvent(bot.url, request)).toEqual({ status: 202, body: { id: request.id } });
  });

  it('a note over 500 characters gets 422', async () => {
    const response = await postEvent(bot.url, signedEvent(benefitStopped(CITIZENS.shared, { note: 'n'.repeat(501) })));
    expect(response.body.problems).toEqual(['data.note: must be at most 500 characters']);
  });

  it('a CPR that is valid but unknown to Brobygger gets 422', async () => {
    const response = await postEvent(bot.url, signedEvent(benefitStopped(CITIZENS.unknown)));
    expect(response.status).toBe(422);
    expect(response.body.problems).toEqual(['data.cpr: no citizen with this CPR number is known to Brobygger']);
  });

  it('accepts every documented event type', async () => {
    const events = [
      { type: 'benefit.resumed', timestamp: '2025-06-03T08:00:00Z', data: { cpr: CITIZENS.shared, benefit: 'sygedagpenge', resume_date: '2025-06-03' } },
      { type: 'category.changed', timestamp: '2025-06-03T08:00:00Z', data: { cpr: CITIZENS.shared, from: 'ny_match_2', to: 'ny_match_3', date: '2025-06-03' } },
      { type: 'case.closed', timestamp: '2025-06-03T08:00:00Z', data: { cpr: CITIZENS.shared, administration: 'BIF', date: '2025-06-03' } },
      { type: 'action_plan.updated', timestamp: '2025-06-03T08:00:00Z', data: { cpr: CITIZENS.shared, status: 'tilbudt', date: '2025-06-03' } },
    ];
    for (const event of events) expect((await postEvent(bot.url, signedEvent(event))).status, event.type).toBe(202);
  });

  it('never writes a full CPR number into a log line', () => {
    expect(bot.logLines.join('\n')).not.toMatch(/0101901234|010190-1234/);
  });
});

describe('POST /api/events when too many alert messages wait to be sent', () => {
  it('answers 429 with Retry-After and stores nothing at ALERT_BACKLOG_LIMIT (default 5,000); below it, the same event is accepted', async () => {
    const busy = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT } });
    try {
      const { store } = busy.app;
      const first = signedEvent(benefitStopped(CITIZENS.shared));
      expect((await postEvent(busy.url, first)).status).toBe(202);
      const alertId = await sqlValue<number>(store, 'SELECT alert_id FROM alerts WHERE webhook_id = @id', { id: first.id });
      // 5,000 alert messages waiting (not due for a day, so the worker leaves them be), as after a flood of events:
      // the rows outbox.enqueue writes, in one statement (5,000 enqueues one by one take long on PostgreSQL).
      const later = new Date(Date.now() + 86_400_000);
      const filler = await sqlColumn<number>(
        store,
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
         INSERT INTO outbox (dedupe_key, operation, conversation_id, message, alert_id, purpose, next_attempt_at, created_at)
         SELECT 'backlog:' || i, 'post', '19:backlog-' || (i % 50) || '@thread.tacv2', @message, @alertId, 'alert', @later, @now FROM n
         RETURNING id`,
        { message: JSON.stringify({ kind: 'alert', alertId }), alertId, later: later.toISOString(), now: new Date().toISOString() },
      );
      filler.sort((a, b) => a - b);
      expect(await store.outbox.pendingAlertMessages()).toBeGreaterThanOrEqual(5000);

      const refused = signedEvent(benefitStopped(CITIZENS.sofOnly));
      const events = () => sqlValue(store, 'SELECT count(*) FROM events');
      const outboxRows = () => sqlValue(store, 'SELECT count(*) FROM outbox');
      const [eventsBefore, outboxBefore] = [await events(), await outboxRows()];
      const response = await fetch(`${busy.url}/api/events`, { method: 'POST', headers: refused.headers, body: refused.body });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(((await response.json()) as { error: string }).error).toMatch(/alert messages are waiting to be sent \(the limit is 5000\); nothing was stored/);
      expect([await events(), await outboxRows()]).toEqual([eventsBefore, outboxBefore]);

      // The sender retries later with the same id: once the backlog is below the limit, it is accepted.
      await store.transaction(async (tx) => {
        for (const id of filler.slice(0, 2)) await tx.outbox.finish(id, 'cancelled', 'test: backlog drained');
      });
      expect(await store.outbox.pendingAlertMessages()).toBeLessThan(5000);
      expect(await postEvent(busy.url, refused)).toEqual({ status: 202, body: { id: refused.id } });
    } finally {
      await busy.stop();
    }
  });

  it('counting the backlog reads only the partial index of waiting alert messages', async () => {
    const backlog = "SELECT count(*) FROM outbox WHERE state = 'pending' AND alert_id IS NOT NULL";
    const sql = rawSql(bot.app.store);
    if (sql.dialect === 'sqlite') {
      const plan = await sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${backlog}`);
      expect(plan.map((step) => step.detail).join(' ')).toMatch(/USING COVERING INDEX outbox_pending_alerts/);
    } else {
      // A few test rows make a sequential scan cheapest; without one, the planner must find an index that answers the count.
      const plan = await sql.atomic(async (tx) => {
        // Only an index that holds every row the count needs (no table visit) may be read.
        for (const scan of ['seqscan', 'indexscan', 'bitmapscan']) await tx.run(`SET LOCAL enable_${scan} = off`);
        return tx.all<Record<string, string>>(`EXPLAIN ${backlog}`);
      });
      expect(plan.map((step) => Object.values(step)[0]).join(' ')).toMatch(/Index Only Scan using outbox_pending_alerts/);
    }
  });
});

describe('POST /api/events when the store cannot commit', () => {
  it('answers 503 and writes nothing', async () => {
    const broken = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT } });
    try {
      await refuseWrites(broken.app.store, true);
      const request = signedEvent(benefitStopped(CITIZENS.shared));
      const response = await postEvent(broken.url, request);
      expect(response.status).toBe(503);
      await refuseWrites(broken.app.store, false);
      expect(await sqlValue(broken.app.store, 'SELECT count(*) FROM events')).toBe(0);
      expect(await sqlValue(broken.app.store, 'SELECT count(*) FROM outbox')).toBe(0);
      // The sender retries with the same id once the store is back: now it is accepted.
      expect((await postEvent(broken.url, request)).status).toBe(202);
    } finally {
      await broken.stop();
    }
  });
});

/** SQLite: the connection turns read-only; PostgreSQL: a trigger refuses every new event (the unit rolls back). */
async function refuseWrites(store: Store, refuse: boolean): Promise<void> {
  const sql = rawSql(store);
  if (sql.dialect === 'sqlite') {
    await sql.run(`PRAGMA query_only = ${refuse ? 'ON' : 'OFF'}`);
  } else if (refuse) {
    await sql.run("CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''test: the store cannot commit''; END'");
    await sql.run('CREATE TRIGGER refuse_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_write()');
  } else {
    await sql.run('DROP TRIGGER refuse_events ON events');
    await sql.run('DROP FUNCTION refuse_write()');
  }
}
