import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { markStatusWorld, STATUS_CITIZENS, STATUS_WORLD_CSV } from '../support/status-world.js';

const KEY = 'status-test-key-0123456789abcdef';
const ROTATED_KEY = 'status-next-key-fedcba9876543210';

/** 10 February 2026 in Copenhagen: the last complete month is January 2026. */
const FEBRUARY = new Date('2026-02-10T10:00:00Z');

describe('GET /api/status', () => {
  let bot: RunningBot;
  let now = FEBRUARY;
  beforeAll(async () => {
    bot = await startBot({ files: STATUS_WORLD_CSV, env: { STATUS_API_KEYS: `${KEY},${ROTATED_KEY}` }, clock: () => now });
    await markStatusWorld(bot.app.store);
  });
  afterAll(() => bot.stop());

  const get = async (query: string, authorization: string | null = `Bearer ${KEY}`, at = FEBRUARY) => {
    now = at;
    const response = await fetch(`${bot.url}/api/status${query}`, { headers: authorization ? { authorization } : {} });
    return { status: response.status, body: (await response.json()) as any, headers: response.headers };
  };

  describe('authentication', () => {
    it('answers 401 without a key, naming what to send', async () => {
      const answer = await get('?month=2025-10', null);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body).toEqual({ error: 'Unauthorized: send Authorization: Bearer <key> with a key from STATUS_API_KEYS.' });
    });

    it.each([
      ['a wrong key', 'Bearer not-the-right-key-0000000000000'],
      ['the key without "Bearer"', KEY],
      ['a prefix of the key', `Bearer ${KEY.slice(0, -1)}`],
    ])('answers 401 for %s', async (_, header) => {
      expect((await get('?month=2025-10', header)).status).toBe(401);
    });

    it('accepts every configured key, so keys can be rotated', async () => {
      expect((await get('?month=2025-10', `Bearer ${ROTATED_KEY}`)).status).toBe(200);
    });
  });

  describe('the month', () => {
    it.each([
      ['?month=2025-13', 'month "2025-13" is not a month: write it YYYY-MM, e.g. 2026-01.'],
      ['?month=oktober', 'month "oktober" is not a month: write it YYYY-MM, e.g. 2026-01.'],
      ['?month=2025-1', 'month "2025-1" is not a month: write it YYYY-MM, e.g. 2026-01.'],
      ['?month=2026-02', 'month 2026-02 has not ended yet: the latest complete month is 2026-01.'],
      ['?month=2027-01', 'month 2027-01 has not ended yet: the latest complete month is 2026-01.'],
      ['?month=2025-10&month=2025-11', 'month must be given once'],
    ])('%s gets 422 with one readable sentence', async (query, message) => {
      const answer = await get(query);
      expect(answer.status).toBe(422);
      expect(answer.body.error).toContain(message);
    });

    it('is the last complete month in Copenhagen when left out: at 00:30 on 1 February it is January', async () => {
      const answer = await get('', `Bearer ${KEY}`, new Date('2026-01-31T23:30:00Z'));
      expect(answer.status).toBe(200);
      expect(answer.body.month).toBe('2026-01');
      const lateJanuary = await get('', `Bearer ${KEY}`, new Date('2026-01-31T22:30:00Z'));
      expect(lateJanuary.body.month).toBe('2025-12');
    });
  });

  describe('the figures (derived by hand in test/bot/status/status-figures.test.ts)', () => {
    it('October 2025: everything at or above 5 is shown; rates and targets are fractions', async () => {
      const answer = await get('?month=2025-10');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        month: '2025-10',
        shared_citizens: 9,
        action_plans_offered_ytd: 9,
        action_plan_target: 12,
        process_notes_ytd: 5,
        activation_rate: 0.7143,
        activation_target: 0.6,
        suppressed: [],
      });
    });

    it('September 2025: 3 process notes and an activation rate of 2 of 6 are null and flagged', async () => {
      expect((await get('?month=2025-09')).body).toEqual({
        month: '2025-09',
        shared_citizens: 8,
        action_plans_offered_ytd: 7,
        action_plan_target: 12,
        process_notes_ytd: null,
        activation_rate: null,
        activation_target: 0.6,
        suppressed: ['process_notes_ytd', 'activation_rate'],
      });
    });

    it('January 2026 (the default): the year starts again at 1 offer, suppressed; the 2026 targets apply', async () => {
      expect((await get('')).body).toEqual({
        month: '2026-01',
        shared_citizens: 9,
        action_plans_offered_ytd: null,
        action_plan_target: 20,
        process_notes_ytd: null,
        activation_rate: null,
        activation_target: 0.625,
        suppressed: ['action_plans_offered_ytd', 'process_notes_ytd', 'activation_rate'],
      });
    });

    it('answers with counts only: no CPR number, in the answer or in the log', async () => {
      const before = bot.logLines.length;
      const answer = await get('?month=2025-10');
      const text = JSON.stringify(answer.body) + bot.logLines.slice(before).join('\n');
      for (const cpr of Object.values(STATUS_CITIZENS)) expect(text).not.toContain(cpr.slice(0, 6));
      expect(bot.logLines.slice(before).map((line) => JSON.parse(line)).find((line) => line.msg === 'status served')).toMatchObject({ month: '2025-10', suppressed: [] });
    });
  });
});

describe('GET /api/status without STATUS_API_KEYS', () => {
  it('is not served at all (404), and the log says so', async () => {
    const bot = await startBot({ files: STATUS_WORLD_CSV });
    try {
      expect((await fetch(`${bot.url}/api/status?month=2025-10`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(404);
      expect(bot.logLines.some((line) => line.includes('STATUS_API_KEYS is not set: GET /api/status is disabled'))).toBe(true);
    } finally {
      await bot.stop();
    }
  });
});
