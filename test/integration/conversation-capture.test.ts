import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_WORLD_CSV, CHANNELS, TEAM_ID } from '../support/alert-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsBotAddedToTeam, teamsBotInstalled, teamsBotRemovedFromTeam, teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';
import { sqlColumn } from '../support/raw-sql.js';

let bot: RunningBot;

beforeAll(async () => {
  bot = await startBot({ files: ALERT_WORLD_CSV });
  bot.connector.teamChannels.set(TEAM_ID, [
    { id: TEAM_ID, name: 'General' },
    { id: CHANNELS.rusTeamA, name: 'Team A' },
  ]);
});
afterAll(async () => bot.stop());

describe('conversation references', () => {
  it('a personal install records the user’s 1:1 chat with the tenant and service URL', async () => {
    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.anna }));
    expect(await bot.app.store.conversations.personalChatOf(PEOPLE.anna.aadObjectId)).toMatchObject({
      conversationId: `a:personal-${PEOPLE.anna.aadObjectId}`,
      scope: 'personal',
      tenantId: TEST_TENANT,
      serviceUrl: bot.connector.url,
      active: true,
    });
  });

  it('a message in a conversation the bot did not know records it (the thread suffix stripped)', async () => {
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.mads, scope: 'channel', conversationId: CHANNELS.spec, teamId: '19:other-team@thread.tacv2', text: 'hjælp' }));
    expect(await bot.app.store.conversations.find(CHANNELS.spec)).toMatchObject({ scope: 'channel', teamId: '19:other-team@thread.tacv2', active: true });
  });

  it('a team install records every channel of the team; removing the bot marks them all inactive', async () => {
    await bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }));
    expect(bot.connector.calls.some((call) => call.operation === 'team-channels' && call.conversationId === TEAM_ID)).toBe(true);
    expect((await bot.app.store.conversations.find(CHANNELS.rusTeamA))?.active).toBe(true);
    await bot.post(teamsBotRemovedFromTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }));
    expect(await bot.app.store.conversations.find(CHANNELS.rusTeamA)).toMatchObject({ active: false, inactiveReason: 'uninstalled' });
    expect((await bot.app.store.conversations.find(TEAM_ID))?.active).toBe(false);
    // Channels of other teams are untouched.
    expect((await bot.app.store.conversations.find(CHANNELS.spec))?.active).toBe(true);
  });

  it('a deleted team marks its channels inactive; adding the bot again reactivates them', async () => {
    await bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }));
    expect((await bot.app.store.conversations.find(CHANNELS.rusTeamA))?.active).toBe(true);
    const deleted = teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID });
    await bot.post({ ...deleted, membersAdded: undefined, channelData: { tenant: { id: TEST_TENANT }, team: { id: TEAM_ID }, eventType: 'teamDeleted' } });
    expect(await bot.app.store.conversations.find(CHANNELS.rusTeamA)).toMatchObject({ active: false, inactiveReason: 'team-deleted' });
  });

  it('references are in the database, so they survive a restart', async () => {
    const restarted = await bot.database.open();
    const rows = await sqlColumn(restarted, 'SELECT conversation_id FROM conversations ORDER BY conversation_id');
    expect(rows).toEqual(expect.arrayContaining([CHANNELS.spec, CHANNELS.rusTeamA, TEAM_ID, `a:personal-${PEOPLE.anna.aadObjectId}`]));
  });
});
