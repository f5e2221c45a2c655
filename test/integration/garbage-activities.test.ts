import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsBotInstalled, teamsCardActionInvoke, teamsMessage, teamsMessageExtensionQuery } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';

/** Wrong types and sizes for every field the bot or botbuilder reads; the table is fixed, so a failure repeats. */
const GARBAGE: readonly [string, unknown][] = [
  ['null', null],
  ['a number', 7],
  ['true', true],
  ['an empty string', ''],
  ['an array', [1, 'x']],
  ['an object', { id: { nested: true } }],
  ['100 KB of text', 'x'.repeat(100_000)],
  ['an array nested 3,000 deep', JSON.parse(`${'['.repeat(3_000)}${']'.repeat(3_000)}`)],
];

const FIELDS = [
  'type', 'id', 'name', 'action', 'channelId', 'locale', 'text', 'replyToId', 'timestamp',
  'from', 'from.id', 'from.name', 'from.aadObjectId', 'recipient', 'recipient.id',
  'conversation', 'conversation.id', 'conversation.conversationType', 'conversation.tenantId', 'conversation.isGroup',
  'channelData', 'channelData.tenant', 'channelData.tenant.id', 'entities', 'attachments', 'membersAdded', 'value', 'value.verb', 'value.action',
] as const;

function withField(activity: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(activity);
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys.at(-1)!] = value;
  return copy;
}

describe('garbage activities through POST /api/messages (local mode) never crash the bot or end in an error', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('answers every wrongly typed or oversized field with 200 or 4xx (501 for an unknown invoke), logs no error, and writes no line over 4 KB', async () => {
    const serviceUrl = bot.connector.url;
    const kinds: Record<string, Record<string, unknown>> = {
      message: teamsMessage({ serviceUrl, from: PEOPLE.anna, text: 'hvem har 0101901234' }),
      submit: teamsMessage({ serviceUrl, from: PEOPLE.anna, value: { verb: 'alert.claim', alertId: 1 } }),
      execute: teamsCardActionInvoke({ serviceUrl, from: PEOPLE.anna, verb: 'alert.claim', data: { alertId: 1 } }),
      search: teamsMessageExtensionQuery({ serviceUrl, from: PEOPLE.anna, query: 'bolig' }),
      install: teamsBotInstalled({ serviceUrl, from: PEOPLE.anna }),
    };
    const unexpected: string[] = [];
    for (const [kind, activity] of Object.entries(kinds)) {
      for (const field of FIELDS) {
        for (const [label, value] of GARBAGE) {
          const answer = await bot.post(withField(activity, field, value));
          // 400 with a reason from the endpoint, or an invoke answered by the bot itself (400 bad query, 403 tenant, 501 unknown invoke).
          const ok = [200, 403, 501].includes(answer.status) || (answer.status === 400 && (answer.body === null || typeof answer.body?.error === 'string'));
          if (!ok || JSON.stringify(answer.body ?? '').includes('    at ')) unexpected.push(`${kind} ${field} = ${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 120)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    const errors = bot.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
    expect(errors.map((entry) => `${entry.msg}: ${entry.err?.message?.slice(0, 120)}`)).toEqual([]);
    expect(bot.logLines.filter((line) => line.length > 4096).map((line) => line.slice(0, 200))).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 120_000);

  it('answers a 1 MB message politely, and refuses 10,000 attachments or members as a whole', async () => {
    const serviceUrl = bot.connector.url;
    bot.connector.calls.length = 0;
    expect((await bot.post(teamsMessage({ serviceUrl, from: PEOPLE.anna, text: `hvem har ${'x'.repeat(1_000_000)}` }))).status).toBe(200);
    const reply = JSON.stringify(bot.connector.postedActivities().at(-1));
    expect(reply.length).toBeLessThan(20_000);
    const attachments = Array.from({ length: 10_000 }, () => ({ contentType: { evil: true } }));
    const members = Array.from({ length: 10_000 }, () => ({ id: 42 }));
    for (const activity of [{ ...teamsMessage({ serviceUrl, from: PEOPLE.anna, text: 'hjælp' }), attachments }, { ...teamsBotInstalled({ serviceUrl, from: PEOPLE.anna }), membersAdded: members }]) {
      const answer = await bot.post(activity);
      expect(answer.status).toBe(400);
      expect(answer.body.problems.length).toBeLessThanOrEqual(10);
    }
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
