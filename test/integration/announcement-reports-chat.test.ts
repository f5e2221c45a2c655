import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAnnouncement } from '../../bot/announcements/announcement-changes.js';
import { announcementInputSchema } from '../../bot/announcements/announcement-schema.js';
import { API_ACTOR } from '../../bot/announcements/audit-announcement.js';
import { messages } from '../../bot/i18n/messages.js';
import { ANNOUNCEMENT_WORLD_CSV, personalChatOf, rememberConversations, UNIT_CHANNELS } from '../support/announcement-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsCardActionInvoke, teamsMessage, type TeamsUser } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';

const ADMIN: TeamsUser = { aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000008', name: 'Adam Admin' };
const WORLD = {
  ...ANNOUNCEMENT_WORLD_CSV,
  'employees.csv': `${ANNOUNCEMENT_WORLD_CSV['employees.csv']!.trim()}\nE-ADAM,${ADMIN.name},adam.admin@kk.dk,${ADMIN.aadObjectId},,SPEC,admin,2020-01-01,\n`,
};
const m = messages('da').announcements;

let bot: RunningBot;
let announcementId: number;

const cardIn = (activity: any) => activity?.attachments?.[0]?.content;
const flat = (value: unknown) => JSON.stringify(value) ?? '';
const announcementsIn = (conversation: string) => bot.connector.activitiesIn(conversation).filter((activity) => flat(cardIn(activity)).includes('announcement.read'));
const lastIn = (conversation: string) => bot.connector.activitiesIn(conversation).at(-1);
const say = (from: TeamsUser, text: string) => bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text }));
const press = (from: TeamsUser, verb: string, data: unknown, channel?: string) =>
  bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from, verb, data, ...(channel ? { scope: 'channel' as const, conversationId: channel } : {}) }));

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  bot = await startBot({ files: WORLD });
  const { store } = bot.app;
  await rememberConversations(store, bot.connector.url, { channels: [UNIT_CHANNELS['JC-UDSAT'], UNIT_CHANNELS['JC-UDSAT-NORD'], UNIT_CHANNELS.RUS] });
  for (const who of [ADMIN, PEOPLE.anna, PEOPLE.fatima]) await store.greetedUsers.markGreeted(who.aadObjectId, new Date());
  const input = announcementInputSchema.parse({ title: 'Nyt fra portalen', text: 'Læs mere på portalen.', audience: { units: ['JC-UDSAT'] }, delivery: 'channels' });
  announcementId = await saveAnnouncement(store, input, { source: 'api', actor: API_ACTOR, senderConversationId: null, state: 'active' }, new Date());
  await bot.app.scheduler.wake();
  await waitUntil(() => announcementsIn(UNIT_CHANNELS['JC-UDSAT']).length === 1 && announcementsIn(UNIT_CHANNELS['JC-UDSAT-NORD']).length === 1);
});
afterAll(() => bot.stop());

describe('announcements through /api/messages: reports for admins, "Læst" where delivered', () => {
  it('"Læst" pressed in a channel the announcement did not go to is answered politely and not counted', async () => {
    expect((await press(PEOPLE.anna, 'announcement.read', { announcementId }, UNIT_CHANNELS.RUS)).body.value).toBe(m.readNotHere);
    expect((await press(PEOPLE.anna, 'announcement.read', { announcementId })).body.value).toBe(m.readNotHere); // her 1:1 chat
    expect(await bot.app.store.announcements.readCount(announcementId)).toBe(0);
    expect(flat((await press(PEOPLE.anna, 'announcement.read', { announcementId }, UNIT_CHANNELS['JC-UDSAT'])).body.value)).toContain('Du har markeret meddelelsen som læst');
    expect(await bot.app.store.announcements.readCount(announcementId)).toBe(1);
  });

  it('an admin finds the portal’s announcement with "meddelelser", opens its report and withdraws it everywhere', async () => {
    const admin = personalChatOf(ADMIN.aadObjectId);
    await say(ADMIN, 'meddelelser');
    const list = cardIn(lastIn(admin));
    expect(flat(list)).toContain(`**#${announcementId}** Nyt fra portalen · Sendt · fra portalen`);

    await say(PEOPLE.fatima, `meddelelse ${announcementId}`);
    expect(lastIn(personalChatOf(PEOPLE.fatima.aadObjectId))?.text).toBe(m.cannotChange);

    await say(ADMIN, `meddelelse ${announcementId}`);
    const report = cardIn(lastIn(admin));
    expect(report.body[0].text).toBe(m.report.heading('Nyt fra portalen'));
    const buttons = report.actions.map((action: any) => [action.title, action.verb]);
    expect(buttons).toEqual([
      [m.report.correctButton, 'announcement.correct'],
      [m.report.withdrawButton, 'announcement.withdraw'],
    ]);
    const withdraw = report.actions[1];
    const answer = await press(ADMIN, withdraw.verb, withdraw.data);
    expect(flat(answer.body.value)).toContain('Trukket tilbage');
    expect((await bot.app.store.announcements.find(announcementId))?.state).toBe('withdrawn');
    await waitUntil(() => announcementsIn(UNIT_CHANNELS['JC-UDSAT']).length === 0 && announcementsIn(UNIT_CHANNELS['JC-UDSAT-NORD']).length === 0);
  }, 30_000);
});
