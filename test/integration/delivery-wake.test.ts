import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_WORLD_CSV, CHANNELS, TEAM_CHANNELS, TEAM_ID } from '../support/alert-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsBotAddedToTeam, teamsCardActionInvoke } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE } from '../support/world.js';
import { sqlValue } from '../support/raw-sql.js';
import { waitUntil } from '../support/wait-until.js';

// The worker would look on its own only once an hour: anything delivered within the test's few seconds went out
// because the commit that wrote its outbox row woke the worker (no caller wakes it by hand any more).
const AN_HOUR_MS = 60 * 60_000;

let bot: RunningBot;

beforeAll(async () => {
  bot = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT }, deliveryPollMs: AN_HOUR_MS });
  bot.connector.teamChannels.set(TEAM_ID, TEAM_CHANNELS);
  expect((await bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }))).status).toBe(200);
});
afterAll(async () => bot.stop());

describe('the delivery worker wakes because a commit wrote outbox rows', () => {
  it('an accepted event and then a claim pressed in chat are delivered without waiting for the next poll', async () => {
    const request = signedEvent(benefitStopped(CITIZENS.shared));
    expect((await postEvent(bot.url, request)).status).toBe(202);
    const alertId = await sqlValue<number>(bot.app.store, 'SELECT alert_id FROM alerts WHERE webhook_id = @id', { id: request.id });
    await waitUntil(async () => (await bot.app.store.outbox.postsOf(alertId)).some((post) => post.state === 'sent'));
    const post = (await bot.app.store.outbox.postsOf(alertId)).find((row) => row.state === 'sent')!;

    const claim = teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.mads, verb: 'alert.claim', data: { alertId }, scope: 'channel', conversationId: CHANNELS.rusTeamA, trigger: 'manual' });
    expect((await bot.post(claim)).status).toBe(200);
    await bot.connector.waitFor((calls) => calls.some((call) => call.operation === 'update' && call.activityId === post.activityId), 10_000);
  });
});
