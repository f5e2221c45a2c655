import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateDueAlerts, routeUnroutedAlerts, type AlertSettings } from '../../bot/alerts/module.js';
import { BUSY_IN_A_ROW } from '../../data/sql/retry-while-busy.js';
import { ensureMonthlyStatusPost, MONTHLY_STATUS_RULE } from '../../bot/announcements/monthly-status-post.js';
import { fanOutDueSends } from '../../bot/announcements/fan-out.js';
import { refreshReport } from '../../bot/announcements/report-updates.js';
import type { IsoDate } from '../../domain/dates/iso-date.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../domain/calendar/opening-hours.js';
import { openPgPool } from '../../data/postgres/driver/pg-pool.js';
import { openPostgresStore } from '../../data/postgres/open-postgres-store.js';
import { PgSql } from '../../data/postgres/pg-sql.js';
import type { Sql } from '../../data/sql/sql.js';
import { SqliteSql } from '../../data/sqlite/sqlite-sql.js';
import { openDatabase } from '../../data/store/open-database.js';
import { retryWhileBusy } from '../../data/sql/retry-while-busy.js';
import { isBusyError } from '../../data/sql/store-busy.js';
import { openStore, type Store } from '../../data/store/store.js';
import { enginesUnderTest } from '../data/engines.js';
import { removeTempFolders, tempFolder } from '../data/import-fixtures.js';
import { scratchDatabase } from '../support/postgres-scratch-database.js';
import { holdWriteLock } from '../support/write-lock.js';
import { startUnleasedAttempt } from '../support/start-unleased-attempt.js';

/**
 * Issue 15 §3: timed work runs once per due item across instances. Two stores on one database are two instances. On
 * both engines B acts on a due list it read before A did the work (the window every poller has); on PostgreSQL the
 * two also run the job at the same moment, several times over (on one SQLite file two processes take turns at the
 * write lock, which two stores in one process cannot show).
 */
const NOW = new Date('2025-06-03T10:00:00Z');
const DELIVERED = new Date('2025-06-02T07:00:00Z');
const FALLBACK_UNIT = 'SPEC-J';
const FALLBACK_CHANNEL = '19:spec-j@thread.tacv2';
const ALERT_CHANNEL = '19:team-j@thread.tacv2';
const ROUNDS = 4;

const settings: AlertSettings = {
  dropNonShared: false,
  fallbackUnitId: FALLBACK_UNIT,
  escalationPeriodMs: 2 * 3_600_000,
  workingHours: workingHours(),
};

function workingHours() {
  const parsed = parseOpeningHours(DEFAULT_OPENING_HOURS);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

type Instances = { a: Store; b: Store; look: Sql; url?: string; path?: string; close(): Promise<void> };

async function sqliteInstances(): Promise<Instances> {
  const file = join(tempFolder('brobygger-timed-work-'), 'shared.sqlite');
  const a = await openStore(file);
  const b = await openStore(file);
  const db = openDatabase(file);
  return { a, b, look: new SqliteSql(db), path: file, close: async () => { await a.close(); await b.close(); db.close(); removeTempFolders(); } };
}

async function postgresInstances(url: string): Promise<Instances> {
  const scratch = await scratchDatabase(url, 'brobygger_timed');
  const options = { maxClients: 3, lockTimeoutMs: 500, onIdleClientError: () => undefined };
  const a = await openPostgresStore(scratch.url, options);
  const b = await openPostgresStore(scratch.url, options);
  const pool = openPgPool({ url: scratch.url, ...options });
  return { a, b, look: PgSql.overPool(pool), url: scratch.url, close: async () => { await a.close(); await b.close(); await pool.end(); await scratch.drop(); } };
}

/** The store as an instance sees it that read `repo.method` before another instance acted: the read answers `answer`. */
function readEarlier<R extends 'alerts' | 'announcements'>(store: Store, repo: R, method: keyof Store[R], answer: unknown): Store {
  const repository = new Proxy(store[repo], { get: (target, name) => (name === method ? async () => answer : Reflect.get(target, name)) });
  return new Proxy(store, { get: (target, name) => (name === repo ? repository : Reflect.get(target, name)) });
}

/** A job run as the bot runs it: StoreBusy (another instance got there first) is logged and tried at the next check. */
const asTheBotDoes = (job: Promise<unknown>) => job.then(() => 'done', (error: unknown) => {
  if (isBusyError(error)) return 'busy';
  throw error;
});

for (const engine of enginesUnderTest()) {
  describe(`timed work with two instances on one ${engine.label} database: once per due item`, () => {
    let instances: Instances;
    let a: Store;
    let b: Store;
    let keys = 0;

    beforeAll(async () => {
      instances = engine.kind === 'postgres' ? await postgresInstances(engine.url) : await sqliteInstances();
      ({ a, b } = instances);
      await a.channelLinks.link({ unitId: FALLBACK_UNIT, channelId: FALLBACK_CHANNEL, byEmployeeId: 'E-TEST', from: '2025-01-01' as IsoDate, now: DELIVERED });
      for (const channel of [FALLBACK_CHANNEL, ALERT_CHANNEL]) {
        await a.conversations.remember({ conversationId: channel, scope: 'channel', tenantId: 't', serviceUrl: 'https://smba.example/', teamId: '19:team', aadObjectId: null, reference: {} }, DELIVERED);
      }
    }, 60_000);

    afterAll(async () => {
      await instances?.close();
    });

    /** Audit rows of `action` per alert (or announcement send), keyed by the detail's `by` field and `step`. */
    const audited = async (action: string, by: 'alertId' | 'sendId', ids: readonly number[]) => {
      const rows = await instances.look.all<{ detail: string }>('SELECT detail FROM audit_log WHERE action = @action', { action });
      const counts = new Map<string, number>();
      for (const row of rows) {
        const detail = JSON.parse(row.detail) as Record<string, unknown>;
        if (!ids.includes(detail[by] as number)) continue;
        const key = `${String(detail[by])}${detail.step ? `:${String(detail.step)}` : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return Object.fromEntries([...counts].sort());
    };
    const once = (ids: readonly number[], steps: readonly string[] = []) =>
      Object.fromEntries(ids.flatMap((id) => (steps.length ? steps.map((step) => `${id}:${step}`) : [String(id)])).sort().map((key) => [key, 1]));

    const newAlert = async (channelId: string | null) => {
      const webhookId = `timed-${++keys}`;
      await a.events.insertIfNew({ webhookId, type: 'benefit.stopped', occurredAt: DELIVERED.toISOString(), receivedAt: DELIVERED.toISOString(), cpr: '0808009001', eventDate: '2025-06-02', data: {} });
      return a.alerts.create({ webhookId, unitId: null, channelId, routeReason: channelId ? 'unit-channel' : 'no-channel', now: DELIVERED });
    };
    /** Alerts posted yesterday and never claimed: a reminder and an escalation are both due now. */
    const unclaimedAlerts = async (count: number) => {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        const id = await newAlert(ALERT_CHANNEL);
        await a.outbox.enqueue({ dedupeKey: `alert:${id}:post`, operation: 'post', conversationId: ALERT_CHANNEL, message: { kind: 'alert', alertId: id }, alertId: id, purpose: 'alert', now: DELIVERED });
        await a.alerts.markDelivered(id, DELIVERED, { remindAt: new Date(NOW.getTime() - 60_000), escalateAt: new Date(NOW.getTime() - 30_000) });
        ids.push(id);
      }
      return ids;
    };
    const reminderRows = async (ids: readonly number[]) =>
      (await instances.look.all<{ dedupe_key: string }>("SELECT dedupe_key FROM outbox WHERE purpose = 'alert-reminder' ORDER BY dedupe_key")).map((row) => row.dedupe_key).filter((key) => ids.some((id) => key === `alert:${id}:reminder`));
    const escalate = (store: Store) => escalateDueAlerts(store, settings, NOW);

    it('reminds and escalates an unclaimed alert once, also when B acts on a due list read before A did the work', async () => {
      const ids = await unclaimedAlerts(3);
      const reminders = await b.alerts.remindersDue(NOW);
      const escalations = await b.alerts.escalationsDue(NOW);
      expect(await escalate(a)).toMatchObject({ reminded: 3, escalated: 3 });
      const late = readEarlier(readEarlier(b, 'alerts', 'remindersDue', reminders), 'alerts', 'escalationsDue', escalations);
      expect(await escalate(late)).toEqual({ reminded: 0, escalated: 0, busy: 0 });
      expect(await audited('alert.escalated', 'alertId', ids)).toEqual(once(ids, ['escalation', 'reminder']));
      expect(await reminderRows(ids)).toHaveLength(3);
    });

    it('routes an alert that had no channel once (one alert.routed), also when B acts on a list read before A routed it', async () => {
      const ids = [await newAlert(null), await newAlert(null)];
      const unrouted = await b.alerts.unroutedIds(100);
      expect(await routeUnroutedAlerts(a, FALLBACK_UNIT, NOW)).toBe(2);
      expect(await routeUnroutedAlerts(readEarlier(b, 'alerts', 'unroutedIds', unrouted), FALLBACK_UNIT, NOW)).toBe(0);
      expect(await audited('alert.routed', 'alertId', ids)).toEqual(once(ids));
    });

    const dueAnnouncement = async (recurring: boolean) => {
      const id = await a.announcements.create({ kind: 'message', state: 'active', title: `Meddelelse ${++keys}`, body: 'Tekst', url: null, audience: { units: [FALLBACK_UNIT] }, delivery: 'channels', sendAt: null, recurrence: recurring ? MONTHLY_STATUS_RULE : null, source: 'system', createdBy: 'system', senderConversationId: null, now: DELIVERED });
      await a.announcements.scheduleSend(id, new Date(NOW.getTime() - 60_000));
      const [send] = await a.announcements.sends(id);
      return { id, sendId: send!.id };
    };
    const sendStates = async (id: number) => (await a.announcements.sends(id)).map((send) => send.state);

    it('fans out a due send once and schedules a recurring one\'s next send once, also when B acts on a due list read before A', async () => {
      const once_ = await dueAnnouncement(false);
      const recurring = await dueAnnouncement(true);
      const due = await b.announcements.dueSends(NOW);
      expect((await fanOutDueSends(a, NOW)).sends).toBeGreaterThanOrEqual(2);
      expect((await fanOutDueSends(readEarlier(b, 'announcements', 'dueSends', due), NOW)).sends).toBe(0);
      expect(await audited('announcement.sent', 'sendId', [once_.sendId, recurring.sendId])).toEqual(once([once_.sendId, recurring.sendId]));
      expect(await sendStates(once_.id)).toEqual(['fanned-out']);
      expect(await sendStates(recurring.id)).toEqual(['fanned-out', 'scheduled']);
    });

    /** An announcement whose report card has been sent to its sender: a change to it queues one update of the card. */
    const sentReport = async () => {
      const id = await a.announcements.create({ kind: 'message', state: 'active', title: `Rapport ${++keys}`, body: 'Tekst', url: null, audience: { units: [FALLBACK_UNIT] }, delivery: 'channels', sendAt: null, recurrence: null, source: 'chat', createdBy: 'E-TEST', senderConversationId: ALERT_CHANNEL, now: DELIVERED });
      const reportId = (await a.outbox.enqueue({ dedupeKey: `announcement:${id}:report`, operation: 'post', conversationId: ALERT_CHANNEL, message: { kind: 'announcement-report', announcementId: id }, purpose: 'announcement-report', now: DELIVERED }))!;
      await a.announcements.setReportOutbox(id, reportId);
      await startUnleasedAttempt(a, reportId, DELIVERED);
      await a.outbox.markSent(reportId, `activity-${id}`, DELIVERED);
      return { id, reportId };
    };
    const pendingUpdatesOf = async (reportId: number) => (await instances.look.all("SELECT id FROM outbox WHERE target_of = @reportId AND state = 'pending'", { reportId })).length;
    const refresh = (store: Store, id: number) => store.transaction((tx) => refreshReport(tx, id, NOW));

    it("queues one update of a sender's report card when both instances record a change to it", async () => {
      for (let round = 0; round < (engine.kind === 'postgres' ? ROUNDS : 1); round++) {
        const { id, reportId } = await sentReport();
        if (engine.kind === 'postgres') await Promise.all([asTheBotDoes(refresh(a, id)), asTheBotDoes(refresh(b, id))]);
        await refresh(a, id);
        await refresh(b, id);
        expect(await pendingUpdatesOf(reportId)).toBe(1);
      }
    });

    /** Runs `work` while a transaction of another connection holds `table`'s row `id` locked. */
    const whileLocked = async <T>(table: 'alerts' | 'announcement_sends', key: string, id: number, work: () => Promise<T>): Promise<T> => {
      const holder = new pg.Client({ connectionString: instances.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM ${table} WHERE ${key} = $1 FOR UPDATE`, [id]);
        return await work();
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
    };

    if (engine.kind === 'sqlite') {
      it(`stops after ${BUSY_IN_A_ROW} busy alerts or sends in a row while another process holds the write lock, leaving the rest to the next look`, async () => {
        const ids = await unclaimedAlerts(5);
        const sends = [await dueAnnouncement(false), await dueAnnouncement(false), await dueAnnouncement(false), await dueAnnouncement(false)];
        const lock = holdWriteLock(instances.path!);
        try {
          expect(await escalate(a)).toEqual({ reminded: 0, escalated: 0, busy: BUSY_IN_A_ROW });
          expect(await fanOutDueSends(a, NOW)).toMatchObject({ sends: 0, busy: BUSY_IN_A_ROW });
        } finally {
          lock.release();
        }
        expect(await escalate(a)).toMatchObject({ reminded: 5, escalated: 5, busy: 0 });
        expect((await fanOutDueSends(a, NOW)).sends).toBe(4);
        expect(await audited('alert.escalated', 'alertId', ids)).toEqual(once(ids, ['escalation', 'reminder']));
        expect(await audited('announcement.sent', 'sendId', sends.map((send) => send.sendId))).toEqual(once(sends.map((send) => send.sendId)));
      });
    }

    if (engine.kind === 'postgres') {
      it('leaves an alert another transaction holds locked to the next check, and reminds and escalates the others meanwhile', async () => {
        const ids = await unclaimedAlerts(3);
        expect(await whileLocked('alerts', 'alert_id', ids[1]!, () => escalate(a))).toMatchObject({ reminded: 2, escalated: 2, busy: 2 });
        expect(await escalate(a)).toMatchObject({ reminded: 1, escalated: 1, busy: 0 });
        expect(await audited('alert.escalated', 'alertId', ids)).toEqual(once(ids, ['escalation', 'reminder']));
      });

      it('leaves a send another transaction holds locked for the next look, and fans out the others meanwhile', async () => {
        const sends = [await dueAnnouncement(false), await dueAnnouncement(false)];
        expect(await whileLocked('announcement_sends', 'send_id', sends[0]!.sendId, () => fanOutDueSends(a, NOW))).toMatchObject({ sends: 1, busy: 1 });
        expect(await fanOutDueSends(a, NOW)).toMatchObject({ sends: 1, busy: 0 });
        const sendIds = sends.map((send) => send.sendId);
        expect(await audited('announcement.sent', 'sendId', sendIds)).toEqual(once(sendIds));
      });

      it(`reminds and escalates once when both run the check at the same moment, ${ROUNDS} times over`, async () => {
        const ids = await unclaimedAlerts(5);
        for (let round = 0; round < ROUNDS; round++) await Promise.all([asTheBotDoes(escalate(a)), asTheBotDoes(escalate(b))]);
        // What a busy check left is done at the next one.
        await retryWhileBusy(() => escalate(a));
        expect(await audited('alert.escalated', 'alertId', ids)).toEqual(once(ids, ['escalation', 'reminder']));
        expect(await reminderRows(ids)).toHaveLength(5);
      });

      it(`routes once when both route at the same moment, ${ROUNDS} times over`, async () => {
        const ids = [await newAlert(null), await newAlert(null), await newAlert(null)];
        for (let round = 0; round < ROUNDS; round++) await Promise.all([asTheBotDoes(routeUnroutedAlerts(a, FALLBACK_UNIT, NOW)), asTheBotDoes(routeUnroutedAlerts(b, FALLBACK_UNIT, NOW))]);
        await retryWhileBusy(() => routeUnroutedAlerts(a, FALLBACK_UNIT, NOW));
        expect(await audited('alert.routed', 'alertId', ids)).toEqual(once(ids));
      });

      it(`fans out once when both schedulers fire at the same moment, ${ROUNDS} times over`, async () => {
        const sends = [await dueAnnouncement(false), await dueAnnouncement(true), await dueAnnouncement(false)];
        for (let round = 0; round < ROUNDS; round++) await Promise.all([asTheBotDoes(fanOutDueSends(a, NOW)), asTheBotDoes(fanOutDueSends(b, NOW))]);
        await retryWhileBusy(() => fanOutDueSends(a, NOW));
        const sendIds = sends.map((send) => send.sendId);
        expect(await audited('announcement.sent', 'sendId', sendIds)).toEqual(once(sendIds));
        expect(await sendStates(sends[1]!.id)).toEqual(['fanned-out', 'scheduled']);
      });
    }

    it(engine.kind === 'postgres' ? 'sets up one monthly status post when both instances start at the same moment' : 'sets up one monthly status post when a second instance starts', async () => {
      const start = (store: Store) => retryWhileBusy(() => ensureMonthlyStatusPost(store, FALLBACK_UNIT, NOW), { deadlineMs: 30_000 });
      const [first, second] = engine.kind === 'postgres' ? await Promise.all([start(a), start(b)]) : [await start(a), await start(b)];
      expect(first).toBe(second);
      expect(await a.announcements.activeOfKind('goal-status')).toEqual([first]);
      expect(await sendStates(first!)).toEqual(['scheduled']);
    });
  });
}
