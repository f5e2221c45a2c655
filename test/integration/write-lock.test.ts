import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../data/migrations/index.js';
import { openDatabase } from '../../data/store/open-database.js';
import { worldEngine } from '../data/engines.js';
import { refusedStart } from '../support/bot-process.js';
import { sqlValue } from '../support/raw-sql.js';
import { AGENTS, CALLERS, HOTLINE_PEOPLE, HOTLINE_UNITS, HOTLINE_WORLD_CSV } from '../support/hotline-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, signedEvent, WEBHOOK_SECRET_TEXT, type SignedRequest } from '../support/signed-event.js';
import { teamsMessage } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE, worldDatabase, worldDatabaseFile } from '../support/world.js';
import { holdWriteLock, type HeldLock } from '../support/write-lock.js';
import { rawDb } from '../../data/store/store.js';
import { waitUntil } from '../support/wait-until.js';

const HOTLINE_KEY = 'hotline-test-key-0123456789abcdef';
const ANNOUNCEMENT_KEY = 'announcement-test-key-0123456789abcdef';
/** A Monday in June, 12:00 in Copenhagen: the hotline is open, so routing a call writes a routing row. */
const MONDAY_NOON = new Date('2025-06-02T10:00:00Z');
const ALERT_CHANNEL = '19:write-lock-alerts@thread.tacv2';
/** How long the other process keeps the lock: longer than every bound below, so each is measured under the lock. */
const LOCK_HELD_MS = 10_000;
/** The issue asks for 2 s; the extra half second is for a slow, loaded test machine. */
const ANSWER_BOUND_MS = 2500;
/** "At once" for /healthz and /readyz: a statement that waited for the lock would block the process for 5 s. */
const AT_ONCE_MS = 1500;
const LOOKUP = 'hvem har 010190-1234?';

/**
 * The lock another process holds is SQLite's (its file's write lock), so these bots open a SQLite file whatever the
 * engine under test (DATABASE_URL emptied: it would win over DATABASE_PATH).
 */
const sqliteFile = (path: string) => ({ DATABASE_PATH: path, DATABASE_URL: '' });

let bot: RunningBot;
let fixedNow: Date | null = null;

const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (from: { aadObjectId: string; name: string }, text: string) => bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text }));
const repliesTo = (from: { aadObjectId: string }) => bot.connector.calls.filter((call) => call.conversationId?.startsWith(`a:personal-${from.aadObjectId}`)).map((call) => JSON.stringify(call.body));
const postsIn = (channel: string) => bot.connector.calls.filter((call) => call.conversationId?.startsWith(channel) && call.operation === 'send');
const auditRows = (result: string) => rawDb(bot.app.store).prepare("SELECT count(*) FROM audit_log WHERE action = 'citizen.lookup' AND result = ? AND citizen_cpr = ?").pluck().get(result, CITIZENS.shared) as number;
const alertOf = (request: SignedRequest) => rawDb(bot.app.store).prepare('SELECT alert_id FROM alerts WHERE webhook_id = ?').pluck().get(request.id) as number | undefined;

async function sendEvent(request: SignedRequest) {
  const response = await fetch(`${bot.url}/api/events`, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

async function routeCall() {
  fixedNow = MONDAY_NOON;
  try {
    const response = await fetch(`${bot.url}/api/hotline/route?${new URLSearchParams({ caller: CALLERS.sofEmployee, topic: 'kontanthjælp' })}`, { headers: { authorization: `Bearer ${HOTLINE_KEY}` } });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  } finally {
    fixedNow = null;
  }
}

beforeAll(async () => {
  bot = await startBot({
    files: HOTLINE_WORLD_CSV,
    env: { ...sqliteFile(await worldDatabaseFile(HOTLINE_WORLD_CSV)), EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, HOTLINE_API_KEYS: HOTLINE_KEY, ANNOUNCEMENT_API_KEYS: ANNOUNCEMENT_KEY, HOTLINE_UNIT_ID: HOTLINE_UNITS.hotline, CALL_CENTRE_UNIT_ID: HOTLINE_UNITS.callCentre, HOTLINE_OPENING_HOURS: 'Mon-Sun 00:00-24:00' },
    clock: () => fixedNow ?? new Date(),
  });
  // Alerts about the shared citizen (SOF case in RUS-TEAM-A) go to a channel the admin links; Anna has been greeted.
  await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: HOTLINE_PEOPLE.admin, scope: 'channel', conversationId: ALERT_CHANNEL, text: 'tilknyt RUS-TEAM-A' }));
  await say(PEOPLE.anna, 'hjælp');
  expect(JSON.stringify(bot.connector.calls.map((call) => call.body))).toContain('Kanalen er tilknyttet');
}, 30_000);
afterAll(async () => bot?.stop());

describe('(SQLite) while another process holds the database write lock', () => {
  it('stays responsive, refuses writes politely as a whole, and catches up after the release without losing anything', async () => {
    // An alert is on its way to Teams; the other process takes the lock the moment it arrives, so the worker can
    // record the send only after the release.
    const pendingAlert = signedEvent(benefitStopped(CITIZENS.shared));
    let lock: HeldLock | null = null;
    let lockedAt = 0;
    const stopListening = bot.connector.onRequest((call) => {
      if (lock || !call.conversationId?.startsWith(ALERT_CHANNEL) || call.operation !== 'send') return;
      lock = holdWriteLock(rawDb(bot.app.store).name);
      lockedAt = performance.now();
    });
    bot.connector.injectFaultOnce((call) => (call.conversationId?.startsWith(ALERT_CHANNEL) ? { delayMs: 300 } : undefined));
    try {
      expect((await sendEvent(pendingAlert)).status).toBe(202);
      await waitUntil(() => lock !== null, 10_000);
      const pendingAlertId = alertOf(pendingAlert)!;

      // A lookup: retried while the lock is held, then "try again" — never the answer, never "teknisk fejl".
      const lookup = timed(() => say(PEOPLE.anna, LOOKUP));
      await sleep(300);
      const health = await timed(() => fetch(`${bot.url}/healthz`));
      const { result: lookupResponse, ms: lookupMs } = await lookup;
      expect(health.result.status).toBe(200);
      expect(health.ms).toBeLessThan(AT_ONCE_MS);
      expect(lookupResponse.status).toBe(200);
      expect(lookupMs).toBeLessThan(ANSWER_BOUND_MS);
      const annasReplies = repliesTo(PEOPLE.anna);
      const lastReply = annasReplies.at(-1)!;
      expect(lastReply).toContain('Prøv igen om lidt');
      expect(lastReply).toContain('databasen er optaget');
      expect(lastReply).not.toContain('teknisk fejl');
      expect(annasReplies.join('\n')).not.toContain('Birte Fællesborger');
      expect(annasReplies.join('\n')).not.toContain('citizen-lookup');
      expect(auditRows('shown')).toBe(0);

      const ready = await timed(() => fetch(`${bot.url}/readyz`));
      expect(ready.result.status).toBe(503);
      expect(await ready.result.json()).toMatchObject({ ready: false, reason: 'database write lock held by another process' });
      expect(ready.ms).toBeLessThan(AT_ONCE_MS);

      // The telephony system's route call would record a routing row: 503 with Retry-After, nothing recorded.
      const routed = await timed(routeCall);
      expect(routed.result).toMatchObject({ status: 503, retryAfter: '5' });
      expect(routed.ms).toBeLessThan(ANSWER_BOUND_MS);
      expect(rawDb(bot.app.store).prepare('SELECT count(*) FROM hotline_routings').pluck().get()).toBe(0);

      // An event: 503 with Retry-After, nothing stored; the sender retries it later with the same id.
      const lateEvent = signedEvent(benefitStopped(CITIZENS.shared, { note: 'sendt under låsen' }));
      const refused = await timed(() => sendEvent(lateEvent));
      expect(refused.result).toMatchObject({ status: 503, retryAfter: '5' });
      expect(refused.ms).toBeLessThan(ANSWER_BOUND_MS);
      expect(alertOf(lateEvent)).toBeUndefined();

      // The portal's announcement: 503 with Retry-After, nothing stored.
      const announced = await fetch(`${bot.url}/api/announcements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ANNOUNCEMENT_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Under låsen', text: 'Prøv igen.', audience: { administrations: ['SOF'] }, delivery: 'channels' }),
      });
      expect({ status: announced.status, retryAfter: announced.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
      expect(rawDb(bot.app.store).prepare("SELECT count(*) FROM announcements WHERE source = 'api'").pluck().get()).toBe(0);

      // Reads keep working: Mads (SOF, whitelisted) gets the hotline card with the agents open now; its fairness
      // bookkeeping (a routing row) goes unrecorded under the lock rather than refusing him.
      const hotlineCard = await timed(() => say(PEOPLE.mads, 'hotline'));
      expect(hotlineCard.ms).toBeLessThan(ANSWER_BOUND_MS);
      expect(repliesTo(PEOPLE.mads).join('\n')).toContain('Hotline til BIF');
      expect(repliesTo(PEOPLE.mads).join('\n')).not.toContain('databasen er optaget');
      expect(rawDb(bot.app.store).prepare('SELECT count(*) FROM hotline_routings').pluck().get()).toBe(0);

      // The alert reached Teams once; its bookkeeping waits for the lock instead of being lost.
      expect(postsIn(ALERT_CHANNEL)).toHaveLength(1);
      expect((await bot.app.store.outbox.postsOf(pendingAlertId)).map((row) => row.state)).toEqual(['sending']);
      expect(performance.now() - lockedAt).toBeLessThan(LOCK_HELD_MS);

      await sleep(LOCK_HELD_MS - (performance.now() - lockedAt));
      (lock as HeldLock | null)?.release();

      // /readyz reuses its answer for up to a second (the probe is unauthenticated).
      await waitUntil(async () => (await fetch(`${bot.url}/readyz`)).status === 200, 5_000);
      await say(PEOPLE.anna, LOOKUP);
      expect(repliesTo(PEOPLE.anna).at(-1)).toContain('Birte Fællesborger');
      expect(auditRows('shown')).toBe(1);

      await waitUntil(async () => (await bot.app.store.outbox.postsOf(pendingAlertId)).every((row) => row.state === 'sent'), 15_000);
      expect(postsIn(ALERT_CHANNEL)).toHaveLength(1);

      expect((await sendEvent(lateEvent)).status).toBe(202);
      const lateAlertId = alertOf(lateEvent)!;
      await waitUntil(async () => (await bot.app.store.outbox.postsOf(lateAlertId)).some((row) => row.state === 'sent'), 15_000);
      expect(postsIn(ALERT_CHANNEL)).toHaveLength(2);
      expect(JSON.stringify(postsIn(ALERT_CHANNEL)[1]!.body)).toContain('sendt under låsen');

      expect((await routeCall()).body).toMatchObject({ whitelisted: true, route: { type: 'agent', id: AGENTS.bent.id } });
      const retried = await fetch(`${bot.url}/api/announcements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ANNOUNCEMENT_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Efter låsen', text: 'Nu virker det.', audience: { administrations: ['SOF'] }, delivery: 'channels' }),
      });
      expect(retried.status).toBe(201);
      const errors = bot.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
      expect(errors).toEqual([]);
    } finally {
      stopListening();
      (lock as HeldLock | null)?.release();
    }
  }, 60_000);
});

describe('(SQLite) starting while another process holds the write lock', () => {
  it('starts at once with no pending migration, says why it is not ready, and sets up the monthly status post after the release', async () => {
    const path = await worldDatabaseFile();
    // On PostgreSQL startBot also makes the world's database (unused here): its template is filled now, not in the time measured.
    await worldDatabase();
    const lock = holdWriteLock(path);
    let late: RunningBot | null = null;
    try {
      const started = await timed(() => startBot({ env: sqliteFile(path) }));
      late = started.result;
      expect(started.ms).toBeLessThan(5000);
      expect((await fetch(`${late.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${late.url}/readyz`)).json()).toMatchObject({ ready: false, reason: 'database write lock held by another process' });
      const statusPosts = () => rawDb(late!.app.store).prepare("SELECT count(*) FROM announcements WHERE kind = 'goal-status' AND state = 'active'").pluck().get();
      expect(statusPosts()).toBe(0);
      lock.release();
      await waitUntil(() => statusPosts() === 1, 15_000);
      await waitUntil(async () => (await fetch(`${late!.url}/readyz`)).status === 200, 5_000);
    } finally {
      lock.release();
      await late?.stop();
    }
  }, 60_000);

  it('refuses to start with one line, no stack, when a pending migration cannot get the lock (the real process)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'brobygger-pending-')), 'brobygger.sqlite');
    openDatabase(path, { migrations: migrations.slice(0, -1) }).close();
    const lock = holdWriteLock(path);
    try {
      const { code, lines } = await refusedStart({ DATABASE_PATH: path });
      expect(code).toBe(1);
      const problems = lines.filter((line) => !line.startsWith('{') || JSON.parse(line).level >= 50);
      expect(problems).toHaveLength(1);
      expect(JSON.parse(problems[0]!)).toMatchObject({ level: 60, msg: expect.stringMatching(/^pending database migrations need the write lock, and another process holds it/) });
    } finally {
      lock.release();
    }
  }, 60_000);
});

if (worldEngine().kind === 'postgres') {
  describe('(PostgreSQL) while another session holds the audit chain\'s lock, which every write unit takes first', () => {
    it('an event is refused as a whole with 503 and Retry-After, nothing stored; sent again after the release it is accepted', async () => {
      const locked = await startBot({ env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT } });
      const holder = new pg.Client({ connectionString: locked.database.env.DATABASE_URL });
      await holder.connect();
      const send = async (request: SignedRequest) => {
        const response = await fetch(`${locked.url}/api/events`, { method: 'POST', headers: request.headers, body: request.body });
        return { status: response.status, retryAfter: response.headers.get('retry-after') };
      };
      const stored = (request: SignedRequest) => sqlValue(locked.app.store, 'SELECT count(*) FROM events WHERE webhook_id = @id', { id: request.id });
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
        const event = signedEvent(benefitStopped(CITIZENS.shared));
        expect(await send(event)).toEqual({ status: 503, retryAfter: '5' });
        expect(await stored(event)).toBe(0);
        await holder.query('COMMIT');
        expect((await send(event)).status).toBe(202);
        expect(await stored(event)).toBe(1);
      } finally {
        await holder.end();
        await locked.stop();
      }
    }, 60_000);
  });
}
