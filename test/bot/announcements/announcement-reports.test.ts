import { beforeEach, describe, expect, it } from 'vitest';
import { saveAnnouncement } from '../../../bot/announcements/announcement-changes.js';
import { LISTED_ANNOUNCEMENTS } from '../../../bot/announcements/announcement-report-routes.js';
import { announcementInputSchema } from '../../../bot/announcements/announcement-schema.js';
import { API_ACTOR } from '../../../bot/announcements/audit-announcement.js';
import { ensureMonthlyStatusPost } from '../../../bot/announcements/monthly-status-post.js';
import { messages } from '../../../bot/i18n/messages.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { ask, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { deliverAnnouncements } from '../../support/deliver-announcements.js';
import { TEST_TENANT } from '../../support/teams-activity.js';
import { PEOPLE, worldStore } from '../../support/world.js';

const PUBLISHED = new Date('2025-06-02T10:00:00Z');
/** After the monthly status post's first send (the first working day of July, 08:00). */
const NOW = new Date('2025-07-01T10:00:00Z');
const SVEN = { id: 'E-SVEN', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000009', name: 'Sven Specialist' };
const WORLD = {
  ...ALERT_WORLD_CSV,
  'employees.csv': `${ALERT_WORLD_CSV['employees.csv']!.trim()}\n${SVEN.id},${SVEN.name},sven@kk.dk,${SVEN.aadObjectId},,SPEC,specialist,2020-01-01,\n`,
};
const m = messages('da').announcements;
const ADMIN = ALERT_PEOPLE.adam;

let store: Store;
let ids: { own: number; portal: number; status: number };

type Person = { aadObjectId: string; name: string };
const say = (who: Person, text: string, scope: 'personal' | 'channel' = 'personal') => ask(store, chatRequest(who, text, { now: NOW, scope }));
const press = (who: Person, verb: string, data: unknown) => ask(store, chatRequest(who, '', { cardAction: { verb, data }, now: NOW }));
const verbsOf = (data: Record<string, any>) => (data.actions as { verb: string }[]).map((action) => action.verb);
const itemsOf = async (who: Person) => cardOf((await say(who, 'meddelelser')).replies[0], 'item-list').items.map((item: { text: string }) => item.text) as string[];
const fatimaAs = { id: PEOPLE.fatima.id, employeeId: PEOPLE.fatima.id, aadObjectId: PEOPLE.fatima.aadObjectId, administration: 'BIF-SOF' };
const content = (title: string) => announcementInputSchema.parse({ title, text: 'Vi mødes tirsdag.', audience: { units: ['JC-UDSAT'] }, delivery: 'channels' });
const publishAs = (source: 'chat' | 'api', title: string, at: Date) =>
  saveAnnouncement(store, content(title), { source, actor: source === 'chat' ? fatimaAs : API_ACTOR, senderConversationId: null, state: 'active' }, at);

beforeEach(async () => {
  store = await worldStore(WORLD, PUBLISHED);
  await store.conversations.remember({ conversationId: CHANNELS.teamNord, scope: 'channel', tenantId: TEST_TENANT, serviceUrl: 'http://127.0.0.1:9/', teamId: 'T', aadObjectId: null, reference: { conversation: { id: CHANNELS.teamNord } } }, PUBLISHED);
  ids = { own: await publishAs('chat', 'Netværksmøde', PUBLISHED), portal: await publishAs('api', 'Nyt fra portalen', PUBLISHED), status: (await ensureMonthlyStatusPost(store, undefined, PUBLISHED))! };
  await deliverAnnouncements(store, PUBLISHED);
  await deliverAnnouncements(store, NOW);
  for (const who of [PEOPLE.fatima, PEOPLE.anna, SVEN, ADMIN]) await store.greetedUsers.markGreeted(who.aadObjectId, PUBLISHED);
});

describe('the commands', () => {
  it.each([
    ['meddelelser', 'announcement-reports'],
    ['MEDDELELSER', 'announcement-reports'],
    ['announcements', 'announcement-reports'],
    ['meddelelse 12', 'announcement-reports'],
    ['meddelelse #12', 'announcement-reports'],
    ['meddelelse nr. 12', 'announcement-reports'],
    ['announcement 12', 'announcement-reports'],
    ['meddelelse', 'announcement'],
  ])('"%s" goes to %s', async (text, route) => {
    expect((await say(ADMIN, text)).route).toBe(route);
  });

  it('the fixtures: the monthly status post has gone out once and repeats; the others have gone out', async () => {
    expect((await store.announcements.sends(ids.status)).filter((send) => send.state === 'fanned-out')).toHaveLength(1);
    expect(await store.announcements.nextSendOf(ids.status)).not.toBeNull();
    expect(await store.announcements.deliveredIn(ids.own, CHANNELS.teamNord)).toBe(true);
    expect(await store.announcements.deliveredIn(ids.portal, CHANNELS.teamNord)).toBe(true);
  });

  it('work in 1:1 chat only, and for the specialist unit and admins only', async () => {
    expect(textOf((await say(ADMIN, 'meddelelser', 'channel')).replies[0])).toBe(m.reportsOnlyPersonal);
    expect(textOf((await say(ADMIN, `meddelelse ${ids.status}`, 'channel')).replies[0])).toBe(m.reportsOnlyPersonal);
    expect(textOf((await say(PEOPLE.anna, 'meddelelser')).replies[0])).toBe(m.onlySpecialists);
    expect(textOf((await say(PEOPLE.anna, `meddelelse ${ids.own}`)).replies[0])).toBe(m.onlySpecialists);
    expect(textOf((await say(PEOPLE.stranger, 'meddelelser')).replies[0])).toBe(m.onlySpecialists);
  });

  it('the help card mentions them', async () => {
    const help = cardOf((await say(PEOPLE.fatima, 'hjælp')).replies[0], 'help');
    const texts = (help.sections as { text: string }[]).map((section) => section.text).join('\n');
    expect(texts).toContain('"meddelelser"');
    expect(texts).toContain('"meddelelse ‹nr›"');
  });
});

describe('`meddelelser`: what the asker may change, newest first', () => {
  it('an admin sees everyone’s: the monthly status post, the portal’s and the specialist’s, each saying whose it is', async () => {
    const items = await itemsOf(ADMIN);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(new RegExp(`^\\*\\*#${ids.status}\\*\\* Status for strategiens mål · Sendt · næste udsendelse .+ · den månedlige status$`));
    expect(items[1]).toBe(`**#${ids.portal}** Nyt fra portalen · Sendt · fra portalen`);
    expect(items[2]).toBe(`**#${ids.own}** Netværksmøde · Sendt · af Fatima Ahmadi`);
  });

  it('the author sees her own only; another specialist sees none', async () => {
    expect(await itemsOf(PEOPLE.fatima)).toEqual([`**#${ids.own}** Netværksmøde · Sendt`]);
    expect(textOf((await say(SVEN, 'meddelelser')).replies[0])).toBe(m.list.none);
  });

  const listedIds = (items: string[]) => items.map((item) => Number(/^\*\*#(\d+)\*\*/.exec(item)![1]));

  it(`is bounded: the ${LISTED_ANNOUNCEMENTS} newest`, async () => {
    const recent: number[] = [];
    for (let i = 0; i < LISTED_ANNOUNCEMENTS + 3; i++) recent.push(await publishAs('chat', `Meddelelse ${i + 1}`, NOW));
    expect(listedIds(await itemsOf(PEOPLE.fatima))).toEqual(recent.slice(-LISTED_ANNOUNCEMENTS).reverse());
  });

  it('leaves out what was created, sent or ended more than 30 days ago, but keeps a scheduled one however old', async () => {
    const LONG_AGO = new Date('2025-04-01T10:00:00Z');
    const old = await publishAs('chat', 'Gammel meddelelse', LONG_AGO);
    const scheduled = await saveAnnouncement(store, { ...content('Planlagt til efteråret'), send_at: '2025-09-02T09:00:00+02:00' }, { source: 'chat', actor: fatimaAs, senderConversationId: null, state: 'active' }, LONG_AGO);
    await deliverAnnouncements(store, LONG_AGO);
    expect(await store.announcements.deliveredIn(old, CHANNELS.teamNord)).toBe(true);
    expect(listedIds(await itemsOf(PEOPLE.fatima))).toEqual([scheduled, ids.own]);
  });
});

describe('`meddelelse <nr>`: the report card with the buttons the asker may use', () => {
  it('an admin gets the monthly status post’s report with Stop and Withdraw, never Correct', async () => {
    const report = cardOf((await say(ADMIN, `meddelelse ${ids.status}`)).replies[0], 'announcement-report');
    expect(report.heading).toBe(m.report.heading('Status for strategiens mål'));
    expect(verbsOf(report)).toEqual(['announcement.cancel', 'announcement.withdraw']);
    expect(report.actions[0].title).toBe(m.report.stopButton);
  });

  it('an admin gets the portal’s and the specialist’s with Correct and Withdraw', async () => {
    for (const id of [ids.portal, ids.own]) {
      expect(verbsOf(cardOf((await say(ADMIN, `meddelelse ${id}`)).replies[0], 'announcement-report'))).toEqual(['announcement.correct', 'announcement.withdraw']);
    }
  });

  it('the author gets her own; the portal’s and the status post are refused like any other', async () => {
    expect(verbsOf(cardOf((await say(PEOPLE.fatima, `meddelelse ${ids.own}`)).replies[0], 'announcement-report'))).toEqual(['announcement.correct', 'announcement.withdraw']);
    for (const id of [ids.portal, ids.status]) expect(textOf((await say(PEOPLE.fatima, `meddelelse ${id}`)).replies[0])).toBe(m.cannotChange);
  });

  it('someone else gets the same refusal whether the announcement exists or not, and a draft is nobody’s report', async () => {
    const draft = await saveAnnouncement(store, content('Udkast'), { source: 'chat', actor: fatimaAs, senderConversationId: null, state: 'draft' }, NOW);
    for (const text of [`meddelelse ${ids.own}`, 'meddelelse 424242', 'meddelelse 0', `meddelelse ${draft}`]) {
      expect(textOf((await say(SVEN, text)).replies[0]), text).toBe(m.cannotChange);
    }
    expect(textOf((await say(ADMIN, `meddelelse ${draft}`)).replies[0])).toBe(m.cannotChange);
    expect(textOf((await say(PEOPLE.fatima, `meddelelse ${draft}`)).replies[0])).toBe(m.cannotChange);
  });

  it('the buttons on it work: an admin withdraws the monthly status post from its report, which then shows no buttons', async () => {
    const report = cardOf((await say(ADMIN, `meddelelse ${ids.status}`)).replies[0], 'announcement-report');
    const withdraw = report.actions.find((action: { verb: string }) => action.verb === 'announcement.withdraw');
    const { replies } = await press(ADMIN, withdraw.verb, { announcementId: withdraw.announcementId });
    expect((await store.announcements.find(ids.status))?.state).toBe('withdrawn');
    expect(cardOf(replies[0], 'announcement-report').actions).toEqual([]);
    expect(verbsOf(cardOf((await say(ADMIN, `meddelelse ${ids.status}`)).replies[0], 'announcement-report'))).toEqual([]);
  });
});
