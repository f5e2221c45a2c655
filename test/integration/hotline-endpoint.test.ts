import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS, CALLERS, HOTLINE_WORLD_CSV, HOTLINE_UNITS } from '../support/hotline-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';

const KEY = 'hotline-test-key-0123456789abcdef';
const ROTATED_KEY = 'hotline-next-key-fedcba9876543210';

/** A Monday in June, 12:00 in Copenhagen: open. */
const MONDAY_NOON = new Date('2025-06-02T10:00:00Z');

describe('GET /api/hotline/route', () => {
  let bot: RunningBot;
  let now = MONDAY_NOON;
  beforeAll(async () => {
    bot = await startBot({
      files: HOTLINE_WORLD_CSV,
      env: { HOTLINE_API_KEYS: `${KEY}, ${ROTATED_KEY}`, HOTLINE_UNIT_ID: HOTLINE_UNITS.hotline, CALL_CENTRE_UNIT_ID: HOTLINE_UNITS.callCentre },
      clock: () => now,
    });
  });
  afterAll(() => bot.stop());

  const route = async (query: Record<string, string>, authorization: string | null = `Bearer ${KEY}`, at = MONDAY_NOON) => {
    now = at;
    const response = await fetch(`${bot.url}/api/hotline/route?${new URLSearchParams(query)}`, { headers: authorization ? { authorization } : {} });
    return { status: response.status, body: (await response.json()) as any, headers: response.headers };
  };

  describe('authentication', () => {
    it('answers 401 without a key, naming what to send', async () => {
      const answer = await route({ caller: CALLERS.sofEmployee }, null);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body.error).toContain('Authorization: Bearer');
    });

    it.each([
      ['a wrong key', 'Bearer not-the-right-key-0000000000000'],
      ['the key without "Bearer"', KEY],
      ['a Basic header', `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}`],
      ['a prefix of the key', `Bearer ${KEY.slice(0, -1)}`],
    ])('answers 401 for %s', async (_, header) => {
      expect((await route({ caller: CALLERS.sofEmployee }, header)).status).toBe(401);
    });

    it('accepts every configured key, so keys can be rotated', async () => {
      expect((await route({ caller: CALLERS.bifEmployee }, `Bearer ${ROTATED_KEY}`)).status).toBe(200);
      expect((await route({ caller: CALLERS.bifEmployee }, `bearer ${KEY}`)).status).toBe(200);
    });
  });

  describe('bad input gets 400 with a sentence a developer can act on', () => {
    it.each([
      [{}, 'caller is required'],
      [{ caller: '' }, 'caller is required'],
      [{ caller: 'anonymous' }, 'caller is not a phone number'],
      [{ caller: '1234' }, 'caller is not a phone number'],
      [{ caller: '+45 3366 123' }, 'caller is not a phone number'],
      [{ caller: '9'.repeat(41) }, 'longer than a phone number'],
      [{ caller: CALLERS.sofEmployee, topic: 'vejret' }, 'topic is not a hotline topic; known topics: kontanthjælp'],
    ])('%j', async (query, message) => {
      const answer = await route(query as Record<string, string>);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain(message);
    });
  });

  describe('routing decisions', () => {
    it('puts a whitelisted SOF caller through to a skilled agent, fairly: the next call goes to the other one', async () => {
      const first = await route({ caller: CALLERS.sofEmployee, topic: 'kontanthjælp' });
      expect(first).toMatchObject({ status: 200, body: { whitelisted: true, open: true, route: { type: 'agent', id: AGENTS.bent.id, name: AGENTS.bent.name, phone: AGENTS.bent.phone }, opens_at: null } });
      const second = await route({ caller: '0045 33170101', topic: 'Uddannelseshjælp' });
      expect(second.body.route).toMatchObject({ type: 'agent', id: AGENTS.carla.id });
      const third = await route({ caller: CALLERS.sofEmployee, topic: 'kontanthjaelp' });
      expect(third.body.route.id).toBe(AGENTS.bent.id);
    });

    it('routes by skill: sygedagpenge goes to the agent who has it', async () => {
      expect((await route({ caller: CALLERS.explicitPhone, topic: 'sygedagpenge' })).body.route.id).toBe(AGENTS.agnete.id);
    });

    it('sends a caller who is not whitelisted to the general call-centre queue', async () => {
      for (const caller of [CALLERS.bifEmployee, CALLERS.unknown, CALLERS.expiredPhone]) {
        const answer = await route({ caller, topic: 'sygedagpenge' });
        expect(answer.body, caller).toEqual({ whitelisted: false, open: true, route: { type: 'queue', id: 'CALL', name: 'Callcenter – hotline for SOF-medarbejdere', phone: '+4533663366' }, opens_at: null });
      }
    });

    it('sends a whitelisted caller to the hotline queue when nobody with the skill is free', async () => {
      await bot.app.store.hotline.setPresence(AGENTS.agnete.id, 'busy', MONDAY_NOON, '2025-06-02' as never);
      const answer = await route({ caller: CALLERS.sofUnit, topic: 'ressourceforløb' });
      expect(answer.body).toMatchObject({ whitelisted: true, open: true, route: { type: 'queue', id: 'HOTLINE', phone: '+4533664444' } });
      await bot.app.store.hotline.setPresence(AGENTS.agnete.id, 'available', MONDAY_NOON, '2025-06-02' as never);
    });

    it('never puts a call through to an agent without a phone (Hanne has none)', async () => {
      for (let call = 0; call < 6; call++) {
        const answer = await route({ caller: CALLERS.sofEmployee });
        expect(answer.body.route.id).not.toBe('E-HANNE');
      }
    });

    it('logs each decision with employee ids only: no caller number in any log line', async () => {
      const before = bot.logLines.length;
      await route({ caller: CALLERS.sofEmployee, topic: 'kontanthjælp' });
      const lines = bot.logLines.slice(before);
      const decision = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'hotline call routed');
      expect(decision).toMatchObject({ whitelisted: true, reason: 'sof-employee', callerEmployeeId: 'E-MADS', routeType: 'agent' });
      const all = bot.logLines.join('\n');
      for (const digits of ['33170101', '33 17 01 01', '70203040', '99887766']) expect(all).not.toContain(digits);
    });
  });

  describe('opening hours (Mon–Fri 08:00–16:00 Copenhagen time, Danish holidays closed)', () => {
    it.each([
      ['Saturday before Whitsun (opens Tuesday: Monday is 2. pinsedag)', '2025-06-07T10:00:00Z', '2025-06-10T06:00:00.000Z'],
      ['Saturday', '2025-06-14T10:00:00Z', '2025-06-16T06:00:00.000Z'],
      ['Grundlovsdag (5 June)', '2025-06-05T10:00:00Z', '2025-06-06T06:00:00.000Z'],
      ['Kristi himmelfartsdag 2025', '2025-05-29T10:00:00Z', '2025-05-30T06:00:00.000Z'],
      ['16:00 sharp on a weekday', '2025-06-02T14:00:00Z', '2025-06-03T06:00:00.000Z'],
      ['07:30 CET, the Friday before summer time', '2025-03-28T06:30:00Z', '2025-03-28T07:00:00.000Z'],
      ['07:30 CET, the Monday after winter time', '2025-10-27T06:30:00Z', '2025-10-27T07:00:00.000Z'],
    ])('closed on %s: queue, and when it opens', async (_, at, opensAt) => {
      const answer = await route({ caller: CALLERS.sofEmployee }, `Bearer ${KEY}`, new Date(at));
      expect(answer.body).toEqual({ whitelisted: true, open: false, route: { type: 'queue', id: 'HOTLINE', name: 'Hotline for SOF-medarbejdere', phone: '+4533664444' }, opens_at: opensAt });
    });

    it.each([
      ['08:30 CEST, the Monday after summer time began', '2025-03-31T06:30:00Z'],
      ['08:00 CET, the Monday after winter time began', '2025-10-27T07:00:00Z'],
      ['15:59 on a weekday', '2025-06-02T13:59:00Z'],
    ])('open at %s', async (_, at) => {
      expect((await route({ caller: CALLERS.sofEmployee }, `Bearer ${KEY}`, new Date(at))).body).toMatchObject({ open: true, route: { type: 'agent' } });
    });
  });
});

describe('GET /api/hotline/route with other settings', () => {
  it('follows HOTLINE_OPENING_HOURS with several ranges and 24:00', async () => {
    let now = new Date('2025-06-14T21:30:00Z'); // Saturday 23:30 in Copenhagen
    const bot = await startBot({
      files: HOTLINE_WORLD_CSV,
      env: { HOTLINE_API_KEYS: KEY, HOTLINE_UNIT_ID: 'HOTLINE', CALL_CENTRE_UNIT_ID: 'CALL', HOTLINE_OPENING_HOURS: 'Mon-Fri 08:00-16:00, Sat 18:00-24:00' },
      clock: () => now,
    });
    try {
      const ask = async () => (await (await fetch(`${bot.url}/api/hotline/route?caller=33170101`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as any;
      expect((await ask()).open).toBe(true);
      now = new Date('2025-06-15T10:00:00Z'); // Sunday
      expect(await ask()).toMatchObject({ open: false, opens_at: '2025-06-16T06:00:00.000Z' });
    } finally {
      await bot.stop();
    }
  });

  it('is not served at all without HOTLINE_API_KEYS (404), and says so in the log', async () => {
    const bot = await startBot({ files: HOTLINE_WORLD_CSV });
    try {
      const response = await fetch(`${bot.url}/api/hotline/route?caller=33170101`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(response.status).toBe(404);
      expect(bot.logLines.some((line) => line.includes('HOTLINE_API_KEYS is not set'))).toBe(true);
    } finally {
      await bot.stop();
    }
  });
});
