import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config/load-config.js';
import { connectorStatusLabel } from '../../bot/metrics/metric-labels.js';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS, TEAM_CHANNELS, TEAM_ID } from '../support/alert-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsBotAddedToTeam, teamsMessage } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE } from '../support/world.js';
import { sqlColumn, sqlRows, sqlValue } from '../support/raw-sql.js';
import { waitUntil } from '../support/wait-until.js';

let bot: RunningBot;

async function scrape(path = '/metrics', method = 'GET'): Promise<{ status: number; text: string }> {
  const url = new URL(path, bot.app.metricsUrl()!);
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? 'x'.repeat(10_000) : undefined);
  });
}

/** The value of one sample, e.g. value(text, 'brobygger_lookups_total{result="shown"}'); 0 when absent. */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

const say = (from: { aadObjectId: string; name: string }, text: string) => bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text }));
const unroutedErrorLines = () => bot.logLines.filter((line) => line.includes('"level":50') && line.includes('alert has no reachable channel'));
const postsOf = (alertId: number) => sqlRows<{ state: string; conversation_id: string }>(bot.app.store, 'SELECT state, conversation_id FROM outbox WHERE alert_id = @alertId ORDER BY id', { alertId });

async function alert(cpr: string, overrides: Record<string, unknown> = {}): Promise<number> {
  const signed = signedEvent(benefitStopped(cpr, overrides));
  expect((await postEvent(bot.url, signed)).status).toBe(202);
  return sqlValue<number>(bot.app.store, 'SELECT alert_id FROM alerts WHERE webhook_id = @id', { id: signed.id });
}

beforeAll(async () => {
  // No team has the bot installed yet: the first alert has no reachable channel.
  bot = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, METRICS_PORT: '0' } });
  bot.connector.teamChannels.set(TEAM_ID, TEAM_CHANNELS);
});
afterAll(async () => bot?.stop());

describe('the metrics listener', () => {
  it('binds 127.0.0.1 by default and answers GET /metrics in the Prometheus text format with Node process metrics', async () => {
    expect(bot.app.metricsUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const { status, text } = await scrape();
    expect(status).toBe(200);
    expect(text).toContain('# TYPE brobygger_lookups_total counter');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(value(text, 'brobygger_outbox_messages{state="pending"}')).toBe(0);
  });

  it('answers everything else 404 without reading a body', async () => {
    expect((await scrape('/')).status).toBe(404);
    expect((await scrape('/metrics/0101901234')).status).toBe(404);
    expect((await scrape('/metrics', 'POST')).status).toBe(404);
    expect((await scrape('/metrics?x=1')).status).toBe(200);
  });
});

describe('counted as things happen', () => {
  it('lookups by result: shown, refused, invalid', async () => {
    await say(PEOPLE.anna, CITIZENS.shared);
    await say(PEOPLE.hanne, CITIZENS.shared);
    await say(PEOPLE.anna, '3213901234'); // no such date: invalid
    const { text } = await scrape();
    const audited = Object.fromEntries((await sqlRows(bot.app.store, "SELECT result, count(*) AS n FROM audit_log WHERE action = 'citizen.lookup' GROUP BY result")).map((row) => [row.result, row.n]));
    expect(audited).toEqual({ shown: 1, refused: 1, invalid: 1 });
    expect(value(text, 'brobygger_lookups_total{result="shown"}')).toBe(1);
    expect(value(text, 'brobygger_lookups_total{result="refused"}')).toBe(1);
    expect(value(text, 'brobygger_lookups_total{result="invalid"}')).toBe(1);
  });

  it('an event with no reachable channel: counted, unrouted, logged at error once, dead-lettered and listed by "advis fejlet"', async () => {
    const id = await alert(CITIZENS.shared);
    await waitUntil(async () => (await postsOf(id))[0]?.state === 'dead');
    const { text } = await scrape();
    expect(value(text, 'brobygger_events_total{type="benefit.stopped",result="accepted"}')).toBe(1);
    expect(value(text, 'brobygger_alerts_unrouted')).toBe(1);
    expect(value(text, 'brobygger_outbox_messages{state="dead"}')).toBe(1);
    expect(unroutedErrorLines()).toHaveLength(1);
    expect(unroutedErrorLines()[0]).not.toContain(CITIZENS.shared);
    expect(text).toMatch(/brobygger_http_request_duration_seconds_count\{route="\/api\/events"\} 1/);

    await say(ALERT_PEOPLE.adam, 'advis fejlet');
    expect(JSON.stringify(bot.connector.postedActivities().at(-1))).toContain('no-conversation');
    expect(unroutedErrorLines()).toHaveLength(1);
  });

  it('installing the bot makes a channel reachable: the waiting alert is routed and delivered at once, and counted', async () => {
    const id = await sqlValue<number>(bot.app.store, 'SELECT max(alert_id) FROM alerts');
    expect((await bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }))).status).toBe(200);
    await waitUntil(async () => (await postsOf(id)).some((post) => post.state === 'sent'));
    expect((await postsOf(id)).at(-1)).toEqual({ state: 'sent', conversation_id: CHANNELS.rusTeamA });
    const { text } = await scrape();
    expect(value(text, 'brobygger_alerts_unrouted')).toBe(0);
    expect(value(text, 'brobygger_alerts_unclaimed')).toBe(1);
    expect(value(text, 'brobygger_outbox_messages{state="sent"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'brobygger_outbox_messages{state="dead"}')).toBe(0);
    expect(value(text, 'brobygger_connector_responses_total{status="2xx"}')).toBeGreaterThanOrEqual(1);
    expect(unroutedErrorLines()).toHaveLength(1);
    const actions = await sqlColumn(bot.app.store, "SELECT action FROM audit_log WHERE purpose = 'advis' AND detail LIKE @pattern ORDER BY id", { pattern: `%"alertId":${id}%` });
    expect(actions).toEqual(['alert.routed', 'alert.dead-lettered', 'alert.routed', 'alert.delivered']);
  });

  it('a dead letter: the connector answer 400 is counted by status and the message as dead', async () => {
    bot.connector.injectFault((call) => (call.operation === 'send' && call.conversationId?.startsWith(CHANNELS.rusTeamA) ? { status: 400, code: 'BadArgument' } : undefined));
    const id = await alert(CITIZENS.shared, { note: 'død' });
    await waitUntil(async () => (await postsOf(id))[0]?.state === 'dead');
    bot.connector.clearFaults();
    const { text } = await scrape();
    expect(value(text, 'brobygger_connector_responses_total{status="400"}')).toBe(1);
    expect(value(text, 'brobygger_outbox_messages{state="dead"}')).toBe(1);
    expect(value(text, 'brobygger_outbox_oldest_pending_seconds')).toBe(0);
  });
});

describe('labels', () => {
  it('carry no CPR number or name, whatever is sent: every label value is from a fixed list', async () => {
    const cprLike = ['0101901234', '010190-1234', CITIZENS.unknown];
    for (const cpr of cprLike) {
      await say(PEOPLE.anna, cpr);
      await say(PEOPLE.stranger, cpr);
      await postEvent(bot.url, signedEvent({ type: cpr, timestamp: '2025-06-02T09:30:00+02:00', data: { cpr } }));
      await postEvent(bot.url, signedEvent(benefitStopped(cpr)));
      await postEvent(bot.url, { id: cpr, headers: { 'webhook-id': cpr, 'webhook-timestamp': cpr, 'webhook-signature': cpr }, body: '{}' });
      await scrape(`/${cpr}`);
    }
    const { text } = await scrape();
    for (const secret of cprLike) expect(text).not.toContain(secret);
    // The date part alone is six digits a sample's value (bytes, seconds) can hold by chance: looked for in everything but the values.
    const withoutValues = text.split('\n').map((line) => (line.startsWith('#') ? line : line.replace(/ [^ ]+$/, ''))).join('\n');
    for (const secret of ['0101901234'.slice(0, 6), 'Birte', 'Anna', 'Jonas', 'Fællesborger']) expect(withoutValues).not.toContain(secret);
    const allowed: Record<string, RegExp> = {
      result: /^(shown|refused|invalid|accepted|duplicate|unknown-citizen|unauthorized|backlog|busy|error)$/,
      type: /^(unknown|[a-z]+\.[a-z_.]+)$/,
      state: /^(pending|sending|sent|dead)$/,
      status: /^(2xx|3xx|4xx|5xx|network|other|400|401|403|404|405|408|409|412|413|429|500|502|503|504)$/,
      route: /^\/api\/[a-z/:]+$/,
      le: /^([\d.]+|\+Inf)$/,
    };
    for (const line of text.split('\n').filter((l) => l.startsWith('brobygger_'))) {
      for (const [, name, labelValue] of line.matchAll(/(\w+)="([^"]*)"/g)) expect(labelValue, `${name} in ${line}`).toMatch(allowed[name!]!);
    }
    expect(value(text, 'brobygger_events_total{type="unknown",result="invalid"}')).toBe(3);
  });
});

describe('connector status labels', () => {
  it('any success is 2xx, the errors Teams documents keep their code, others their class, no answer is network', () => {
    const labels = [200, 201, 204, 302, 400, 404, 418, 429, 451, 500, 501, 503, 599, 99, 600, 200.5, undefined].map(connectorStatusLabel);
    expect(labels).toEqual(['2xx', '2xx', '2xx', '3xx', '400', '404', '4xx', '429', '4xx', '500', '5xx', '503', '5xx', 'other', 'other', 'other', 'network']);
  });
});

describe('configuration', () => {
  const base = { LOCAL_MODE: 'true', DATABASE_PATH: ':memory:' };
  it('off when METRICS_PORT is unset; 127.0.0.1 unless METRICS_HOST; a bad port is refused by name', () => {
    expect(loadConfig(base).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_PORT: '9464' })).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '127.0.0.1' });
    expect(loadConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).METRICS_HOST).toBe('0.0.0.0');
    expect(() => loadConfig({ ...base, METRICS_PORT: 'prometheus' })).toThrow(/METRICS_PORT \(got "prometheus"\): must be a port number/);
  });

  it('a bot without METRICS_PORT has no metrics and no listener', async () => {
    const plain = await startBot({ files: ALERT_WORLD_CSV });
    try {
      expect(plain.app.metrics).toBeNull();
      expect(plain.app.metricsUrl()).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});

describe('an alert with no reachable channel, then "tilknyt"', () => {
  it('is routed to the linked channel and sent as soon as an admin links it', async () => {
    // The bot is installed in the team, but no unit has a channel yet.
    const files = { ...ALERT_WORLD_CSV, 'units.csv': ALERT_WORLD_CSV['units.csv']!.replace(/,19:[^,\n]*$/gm, ',') };
    const linked = await startBot({ files, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, METRICS_PORT: '0' } });
    try {
      linked.connector.teamChannels.set(TEAM_ID, [
        { id: TEAM_ID, name: 'General' },
        { id: CHANNELS.spec, name: 'Specialenheden' },
      ]);
      await linked.post(teamsBotAddedToTeam({ serviceUrl: linked.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }));
      const signed = signedEvent(benefitStopped(CITIZENS.shared));
      expect((await postEvent(linked.url, signed)).status).toBe(202);
      const id = await sqlValue<number>(linked.app.store, 'SELECT alert_id FROM alerts WHERE webhook_id = @id', { id: signed.id });
      const posts = () => sqlRows<{ state: string; conversation_id: string }>(linked.app.store, 'SELECT state, conversation_id FROM outbox WHERE alert_id = @id ORDER BY id', { id });
      await waitUntil(async () => (await posts())[0]?.state === 'dead');
      expect(await linked.app.store.alerts.find(id)).toMatchObject({ channelId: null, routeReason: 'no-channel' });

      await linked.post(teamsMessage({ serviceUrl: linked.connector.url, from: ALERT_PEOPLE.adam, scope: 'channel', conversationId: CHANNELS.spec, teamId: TEAM_ID, text: 'tilknyt SPEC' }));
      await waitUntil(async () => (await posts()).some((post) => post.state === 'sent'));
      expect(await posts()).toEqual([{ state: 'sent', conversation_id: CHANNELS.spec }]);
      expect(await linked.app.store.alerts.find(id)).toMatchObject({ channelId: CHANNELS.spec, routeReason: 'fallback-no-channel' });
    } finally {
      await linked.stop();
    }
  });
});
