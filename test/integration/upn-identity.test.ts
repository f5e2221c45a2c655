import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { da } from '../../bot/i18n/messages.da.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsCardActionInvoke, teamsMessage, type TeamsUser } from '../support/teams-activity.js';
import { PEOPLE, WORLD_CSV } from '../support/world.js';
import { sqlRows, sqlValue } from '../support/raw-sql.js';

// Bo and Lene are in employees.csv with their UPN only; Teams knows them by object ids the file does not have.
const UPN_ONLY_WORLD = {
  ...WORLD_CSV,
  'employees.csv': WORLD_CSV['employees.csv'].replace(`bo.hansen@kk.dk,${PEOPLE.bo.aadObjectId},`, 'bo.hansen@kk.dk,,').replace(`lene.leder@kk.dk,${PEOPLE.lene.aadObjectId},`, 'lene.leder@kk.dk,,'),
};
const BO: TeamsUser = { aadObjectId: PEOPLE.bo.aadObjectId, name: PEOPLE.bo.name };
const LENE: TeamsUser = { aadObjectId: PEOPLE.lene.aadObjectId, name: PEOPLE.lene.name };
const teamsUser = (n: number): TeamsUser => ({ aadObjectId: `cccccccc-0000-4000-8000-00000000000${n}`, name: `Teams-bruger ${n}` });

describe('Teams users known only by UPN (real server, CloudAdapter, fake Bot Connector)', () => {
  let bot: RunningBot;
  const memberCalls: string[] = [];
  beforeAll(async () => {
    bot = await startBot({ files: UPN_ONLY_WORLD });
    bot.connector.onRequest((call) => {
      if (call.operation === 'members' && call.activityId) memberCalls.push(call.activityId);
    });
  });
  afterAll(async () => {
    await bot.stop();
  });

  const say = async (from: TeamsUser, text: string) => {
    const before = bot.connector.postedActivities().length;
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text }));
    return JSON.stringify(bot.connector.postedActivities().slice(before));
  };
  const callsFor = (user: TeamsUser) => memberCalls.filter((id) => id === `29:${user.aadObjectId}`).length;
  const logged = (text: string) => bot.logLines.filter((line) => line.includes(text)).length;

  it('answers a lookup for an employee known only by UPN once the connector names them, audits the link, and asks only once', async () => {
    bot.connector.members.set(`29:${BO.aadObjectId}`, { aadObjectId: BO.aadObjectId.toUpperCase(), userPrincipalName: 'Bo.Hansen@KK.dk', email: 'bo@kk.dk' });
    const answer = await say(BO, 'hvem har 150875-1008');
    expect(answer).toContain('Hvem har borgeren?');
    expect(answer).toContain('Carl Jobparat');
    expect(answer).not.toContain(da.common.unknownUser);
    expect(await say(BO, 'hvem har 150875-1008')).toContain('Hvem har borgeren?');
    expect(callsFor(BO)).toBe(1);
    const audit = await sqlRows(bot.app.store, "SELECT action, purpose, result, actor_employee_id, actor_aad_object_id, actor_administration, detail FROM audit_log WHERE action = 'employee_linked_by_upn'");
    expect(audit).toEqual([
      {
        action: 'employee_linked_by_upn',
        purpose: 'identity',
        result: 'recorded',
        actor_employee_id: PEOPLE.bo.id,
        actor_aad_object_id: BO.aadObjectId,
        actor_administration: 'BIF',
        detail: JSON.stringify({ upn: 'bo.hansen@kk.dk', replacedLinks: [] }),
      },
    ]);
  });

  it('resolves a user known only by UPN who presses a card button (an adaptiveCard/action invoke)', async () => {
    bot.connector.members.set(`29:${LENE.aadObjectId}`, { aadObjectId: LENE.aadObjectId, userPrincipalName: 'lene.leder@kk.dk' });
    const press = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: LENE, verb: 'alert.claim', data: { alertId: 999 } }));
    expect(press.status).toBe(200);
    expect(callsFor(LENE)).toBe(1);
    expect((await bot.app.store.employees.findByAadObjectId(LENE.aadObjectId, '2025-06-02'))?.id).toBe(PEOPLE.lene.id);
  });

  it('refuses a Teams user whose UPN matches no employee, as any unknown user, and does not ask again for the next message', async () => {
    const stranger = teamsUser(1);
    bot.connector.members.set(`29:${stranger.aadObjectId}`, { aadObjectId: stranger.aadObjectId, userPrincipalName: 'jonas.berg@kk.dk' });
    expect(await say(stranger, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(await say(stranger, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(callsFor(stranger)).toBe(1);
    expect(await sqlValue(bot.app.store, 'SELECT count(*) FROM employee_aad_links WHERE aad_object_id = @id', { id: stranger.aadObjectId })).toBe(0);
  });

  it('refuses a user the connector does not know (404), asking once', async () => {
    const absent = teamsUser(2);
    expect(await say(absent, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(await say(absent, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(callsFor(absent)).toBe(1);
  });

  it('treats a connector error (500) as unknown and logs it once, not on every message', async () => {
    const user = teamsUser(3);
    bot.connector.members.set(`29:${user.aadObjectId}`, { aadObjectId: user.aadObjectId, userPrincipalName: 'bo.hansen@kk.dk' });
    bot.connector.injectFault((call) => (call.operation === 'members' && call.activityId === `29:${user.aadObjectId}` ? { status: 500, code: 'InternalServerError' } : undefined));
    const warningsBefore = logged('could not ask the Bot Connector');
    expect(await say(user, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(await say(user, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(logged('could not ask the Bot Connector') - warningsBefore).toBe(1);
    bot.connector.clearFaults();
  });

  it('gives up on a connector that does not answer within the deadline, and answers the user', async () => {
    const user = teamsUser(4);
    bot.connector.injectFault((call) => (call.operation === 'members' && call.activityId === `29:${user.aadObjectId}` ? { delayMs: 6000, status: 504 } : undefined));
    expect(await say(user, 'hvem har 150875-1008')).toContain(da.common.unknownUser);
    expect(bot.logLines.some((line) => line.includes('no answer within 2000 ms'))).toBe(true);
    bot.connector.clearFaults();
  });
});
