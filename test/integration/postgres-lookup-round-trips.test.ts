import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEnginesUnderTest } from '../data/engines.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { postgresWorld, type PostgresWorld } from '../support/postgres-world.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsMessage } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE, worldDatabaseFile } from '../support/world.js';
import { sqlColumn, sqlValue } from '../support/raw-sql.js';
import { worldEngine } from '../data/engines.js';

/**
 * Every statement any pg client of this process sends (BEGIN, COMMIT and SAVEPOINT included): one round trip each.
 * Nothing else of the bot runs while a turn is counted (the delivery worker's poll is an hour, no timed work is due).
 */
function countingStatements() {
  const sent: string[] = [];
  let counting = false;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting) {
      const first = args[0] as string | { text: string };
      sent.push((typeof first === 'string' ? first : first.text).replace(/\s+/g, ' ').trim().slice(0, 100));
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    async during(work: () => Promise<unknown>): Promise<string[]> {
      sent.length = 0;
      counting = true;
      try {
        await work();
      } finally {
        counting = false;
      }
      return [...sent];
    },
    restore: () => (pg.Client.prototype.query = original),
  };
}

for (const engine of postgresEnginesUnderTest()) {
  describe(`round trips of a lookup turn and of an event on ${engine.label}`, () => {
    let world: PostgresWorld;
    let bot: RunningBot;
    const statements = countingStatements();

    beforeAll(async () => {
      world = await postgresWorld(engine.url, await worldDatabaseFile(), 'brobygger_round_trips');
      bot = await startBot({ env: { DATABASE_URL: world.scratch.url, RETENTION_DAILY: 'false', STATUS_MONTHLY_POST: 'false', EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT }, deliveryPollMs: 3_600_000 });
    }, 60_000);

    afterAll(async () => {
      statements.restore();
      await bot?.stop();
      await world?.close();
    });

    const lookup = () => bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: `hvem har ${CITIZENS.shared}?` }));

    // Session 6 counted 24: the asker read twice, the audit row in a savepoint of its own taking the chain's lock again.
    // Session 7: 15.
    it('a lookup in the steady state (conversation known, user greeted) answers with the card, audited, in at most 14 statements', { timeout: 60_000 }, async () => {
      for (let warmUp = 0; warmUp < 2; warmUp++) expect((await lookup()).status).toBe(200);
      const sent = await statements.during(async () => expect((await lookup()).status).toBe(200));
      const cards = bot.connector.calls.filter((call) => JSON.stringify(call.body).includes('Hvem har borgeren?'));
      expect(cards).toHaveLength(3);
      const audited = await world.pool.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'citizen.lookup' AND citizen_cpr = @cpr", { cpr: CITIZENS.shared });
      expect(audited).toEqual([{ n: 3 }]);
      expect((await bot.app.store.audit.verifyChain()).firstBreak).toBeNull();
      // A lookup in a personal chat cannot make a channel reachable: no look for alerts waiting for one (it was the 15th).
      expect(sent.filter((statement) => statement.includes('channel_id IS NULL'))).toEqual([]);
      expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(14);
    });

    // Each row in a savepoint of its own took four statements per row (SAVEPOINT, head, INSERT, RELEASE) under the lock.
    it('the audit rows of eight lookups at the same moment: one unit of four statements for them all', { timeout: 60_000 }, async () => {
      const entry = (i: number) => ({ at: new Date(), action: 'citizen.lookup', purpose: 'single_point_of_entry', result: 'shown' as const, actorEmployeeId: PEOPLE.anna.id, actorAadObjectId: null, actorAdministration: 'BIF', citizenCpr: CITIZENS.shared, asOf: null, detail: { i } });
      const before = (await bot.app.store.audit.chainHead()).rows;
      const sent = await statements.during(() => Promise.all(Array.from({ length: 8 }, (_, i) => bot.app.store.audit.appendCommitted(entry(i)))));
      expect(sent.length, sent.join('\n')).toBe(4);
      expect(sent[0]).toMatch(/^BEGIN .*LOCK TABLE audit_log/);
      expect((await bot.app.store.audit.chainHead()).rows).toBe(before + 8);
      expect((await bot.app.store.audit.verifyChain()).firstBreak).toBeNull();
    });

    // Session 6's intake read the citizen, the shared status and the route inside the write unit, holding the lock.
    it('an event is accepted with only writes (and the chain head) in its write unit, which holds the audit chain lock', { timeout: 60_000 }, async () => {
      const sent = await statements.during(async () => expect((await postEvent(bot.url, signedEvent(benefitStopped(CITIZENS.shared), { id: 'msg_round_trips_1' }))).status).toBe(202));
      const begin = sent.findIndex((statement) => statement.includes('LOCK TABLE audit_log'));
      const unit = sent.slice(begin + 1, sent.indexOf('COMMIT', begin));
      expect(begin, sent.join('\n')).toBeGreaterThanOrEqual(0);
      const reads = unit.filter((statement) => /^SELECT/i.test(statement) && !statement.startsWith('SELECT coalesce((SELECT id FROM audit_log') && !statement.startsWith('SELECT pg_notify'));
      expect(reads, unit.join('\n')).toEqual([]);
      const rows = await world.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE detail LIKE '%msg_round_trips_1%' ORDER BY id");
      expect(rows.map((row) => row.action)).toEqual(['alert.received', 'alert.routed']);
      expect(await world.pool.query("SELECT 1 FROM outbox WHERE purpose = 'alert'")).toHaveLength(1);
    });
  });
}

// What the counted turns must still do, on the engine under test (so also without TEST_DATABASE_URL): fewer
// statements may not cost a card, an audit row or the event's two audit rows and its one delivery.
describe(`the counted turns' results on the engine under test (${worldEngine().label})`, () => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startBot({ env: { RETENTION_DAILY: 'false', STATUS_MONTHLY_POST: 'false', EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT }, deliveryPollMs: 3_600_000 });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
  });

  it('three lookups in a row: three cards, three audit rows, the chain intact', { timeout: 60_000 }, async () => {
    for (let turn = 0; turn < 3; turn++) expect((await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: `hvem har ${CITIZENS.shared}?` }))).status).toBe(200);
    expect(bot.connector.calls.filter((call) => JSON.stringify(call.body).includes('Hvem har borgeren?'))).toHaveLength(3);
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM audit_log WHERE action = 'citizen.lookup' AND citizen_cpr = @cpr", { cpr: CITIZENS.shared })).toBe(3);
    expect((await bot.app.store.audit.verifyChain()).firstBreak).toBeNull();
  });

  it('an event, its reads made before its write unit: received and routed in the audit log, one alert queued', { timeout: 60_000 }, async () => {
    expect((await postEvent(bot.url, signedEvent(benefitStopped(CITIZENS.shared), { id: 'msg_results_1' }))).status).toBe(202);
    expect(await sqlColumn(bot.app.store, "SELECT action FROM audit_log WHERE detail LIKE '%msg_results_1%' ORDER BY id")).toEqual(['alert.received', 'alert.routed']);
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM outbox WHERE purpose = 'alert'")).toBe(1);
  });
});
