import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_ID } from '../support/alert-world.js';
import { MARKING_CHANNEL_WORLD_CSV, MARKING_CITIZENS, SPEC_CHANNEL } from '../support/marking-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsBotAddedToTeam, teamsCardActionInvoke, teamsMessage } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE } from '../support/world.js';
import { sqlRows } from '../support/raw-sql.js';

const FULL_CPR = /(?<![\d+])\d{6}[-\u2013 ]?\d{4}(?!\d)/;

let bot: RunningBot;

/** What the user sees of a reply: its type, text and cards (not the ids that differ per activity). */
const visible = (body: any) => ({ type: body.type, text: body.text, textFormat: body.textFormat, attachments: body.attachments });

async function say(text: string): Promise<any[]> {
  const activity = teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, text });
  expect((await bot.post(activity)).status).toBe(200);
  return bot.connector.calls.filter((call) => call.operation === 'reply' && call.activityId === activity.id).map((call) => call.body);
}

beforeAll(async () => {
  bot = await startBot({ files: MARKING_CHANNEL_WORLD_CSV });
  bot.connector.teamChannels.set(TEAM_ID, [
    { id: TEAM_ID, name: 'General' },
    { id: SPEC_CHANNEL, name: 'Specialenheden' },
  ]);
  expect((await bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }))).status).toBe(200);
  await say('hjælp'); // the welcome card comes with the first message; the tests below compare later replies
});
afterAll(async () => bot.stop());

describe('the marking command through /api/messages', () => {
  it('answers an unknown number, a citizen with no case and one whose case has closed with identical words and no name', async () => {
    const unknown = (await say(`marker ${MARKING_CITIZENS.unknownTwin} aftalt på netværksmøde`)).map(visible);
    const noCase = (await say(`marker ${MARKING_CITIZENS.noCase} aftalt på netværksmøde`)).map(visible);
    expect(unknown).toHaveLength(1);
    expect(JSON.stringify(noCase)).toBe(JSON.stringify(unknown));
    expect(unknown[0]!.text).toContain('Jeg kan ikke ændre markeringen af 200280-xxxx');
    const closed = (await say(`marker ${MARKING_CITIZENS.closingCase} aftalt på netværksmøde`)).map(visible);
    expect(JSON.stringify(closed)).toBe(JSON.stringify(unknown).replaceAll('200280-xxxx', '210381-xxxx'));
    for (const name of ['Gitte Ingensag', 'Hans Lukkesag']) expect(JSON.stringify([noCase, closed])).not.toContain(name);
    expect(bot.connector.calls.some((call) => call.conversationId?.startsWith(SPEC_CHANNEL))).toBe(false);
  });

  it('posts a confirmed marking to the specialist unit’s channel: who marked whom, the masked CPR and the reason', async () => {
    const [confirmation] = await say(`marker ${CITIZENS.bifOnly} aftalt på netværksmøde`);
    const card = confirmation.attachments[0].content;
    expect(JSON.stringify(card)).not.toContain('Carl Jobparat');
    const confirm = card.actions.find((action: any) => action.verb === 'sharedMarking.confirm');
    const response = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, verb: confirm.verb, data: confirm.data }));
    expect(response.body.value.body[0].text).toBe('150875-xxxx er nu markeret som fællesborger.');

    await bot.connector.waitFor((calls) => calls.some((call) => call.operation === 'send' && call.conversationId?.startsWith(SPEC_CHANNEL)), 10_000);
    const posts = bot.connector.calls.filter((call) => call.operation === 'send' && call.conversationId?.startsWith(SPEC_CHANNEL));
    expect(posts).toHaveLength(1);
    const notice = posts[0]!.body.attachments[0].content;
    const shown = JSON.stringify(notice);
    expect(notice.body[0].text).toBe('Borger markeret som fællesborger');
    expect(notice.body[1].text).toMatch(/^Fatima Ahmadi har markeret 150875-xxxx som fællesborger fra /);
    expect(shown).toContain('aftalt på netværksmøde');
    expect(shown.match(FULL_CPR)).toBeNull();
    expect(shown).not.toContain('Carl Jobparat');

    const audit = (await sqlRows(bot.app.store, "SELECT action, result, citizen_cpr, detail FROM audit_log WHERE purpose = 'shared_marking' ORDER BY id"))
      .map((row) => [row.action, row.result, row.citizen_cpr, JSON.parse(row.detail).reason]);
    expect(audit).toEqual([
      ['shared.marking.request', 'refused', MARKING_CITIZENS.unknownTwin, 'unknown-citizen'],
      ['shared.marking.request', 'refused', MARKING_CITIZENS.noCase, 'no-open-case'],
      ['shared.marking.request', 'refused', MARKING_CITIZENS.closingCase, 'no-open-case'],
      ['shared.marking.request', 'shown', CITIZENS.bifOnly, undefined],
      ['shared.marked', 'recorded', CITIZENS.bifOnly, 'aftalt på netværksmøde'],
    ]);
    for (const line of bot.logLines) expect(line.match(FULL_CPR)?.[0] ?? null, line).toBeNull();
  });
});
