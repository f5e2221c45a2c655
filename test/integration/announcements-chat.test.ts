import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_WORLD_CSV, personalChatOf, rememberConversations, UNIT_CHANNELS } from '../support/announcement-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsCardActionInvoke, teamsMessage, type TeamsUser } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';
import { sqlValue } from '../support/raw-sql.js';
import { waitUntil } from '../support/wait-until.js';

let bot: RunningBot;
const fatima: TeamsUser = PEOPLE.fatima;
const FORM = { title: '', text: '', url: '', audience: '', units: '', delivery: 'both', when: 'now', sendDate: '', sendTime: '', every: '3', week: 'first', weekday: 'tuesday', recurTime: '09:00', correctsId: '' };

const cardIn = (activity: any) => activity?.attachments?.[0]?.content;
const flat = (value: unknown) => JSON.stringify(value) ?? '';

const say = (from: TeamsUser, text: string, scope: 'personal' | 'channel' = 'personal') => bot.post(teamsMessage({ serviceUrl: bot.connector.url, from, text, scope }));
const press = (from: TeamsUser, verb: string, data: unknown, conversationId?: string) =>
  bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from, verb, data, ...(conversationId ? { scope: 'channel' as const, conversationId } : {}) }));
const lastTo = (conversationId: string) => bot.connector.postedActivities().filter((_, i) => bot.connector.calls.filter((c) => c.operation === 'send' || c.operation === 'reply')[i]?.conversationId?.startsWith(conversationId)).at(-1);
const reportCard = () => bot.connector.activitiesIn(personalChatOf(fatima.aadObjectId)).map(cardIn).find((card) => flat(card).includes('Leveringsrapport'));
const factsOf = (card: any) => Object.fromEntries(card.body.find((element: any) => element.type === 'FactSet').facts.map((fact: any) => [fact.title, fact.value]));
const announcementsIn = (channel: string) => bot.connector.activitiesIn(channel).map(cardIn).filter((card) => flat(card).includes('announcement.read'));

beforeAll(async () => {
  bot = await startBot({ files: ANNOUNCEMENT_WORLD_CSV });
  await rememberConversations(bot.app.store, bot.connector.url, { channels: [UNIT_CHANNELS['JC-UDSAT'], UNIT_CHANNELS['JC-UDSAT-NORD']], people: [PEOPLE.anna.aadObjectId, PEOPLE.lene.aadObjectId] });
  await bot.app.store.greetedUsers.markGreeted(fatima.aadObjectId, new Date());
  await bot.app.store.greetedUsers.markGreeted(PEOPLE.anna.aadObjectId, new Date());
});
afterAll(() => bot.stop());

describe('announcements in chat', () => {
  it('only the specialist unit may announce, and only in 1:1 chat', async () => {
    await say(PEOPLE.anna, 'meddelelse');
    expect(lastTo(personalChatOf(PEOPLE.anna.aadObjectId))?.text).toBe('Kun specialenheden BIF–SOF (og Brobyggers administratorer) kan sende meddelelser.');
    const refused = await press(PEOPLE.anna, 'announcement.preview', { ...FORM, title: 'x', text: 'y', units: 'JC-UDSAT' });
    expect(refused.body.value).toBe('Kun specialenheden BIF–SOF (og Brobyggers administratorer) kan sende meddelelser.');
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM announcements WHERE kind = 'message'")).toBe(0);
  });

  it('form → preview → send → report updated in place → Læst → correction → withdrawal', async () => {
    await say(fatima, 'meddelelse');
    const form = cardIn(lastTo(personalChatOf(fatima.aadObjectId)));
    expect(form.body[0].text).toBe('Ny meddelelse');
    expect(flat(form)).toContain('"value":"JC-UDSAT"');

    // A form with no title and no recipients comes back with what to fix, in Danish, and nothing is saved.
    const incomplete = await press(fatima, 'announcement.preview', { ...FORM, text: 'Husk mødet' });
    expect(flat(incomplete.body.value)).toContain('Skriv en overskrift på højst 150 tegn.');
    expect(flat(incomplete.body.value)).toContain('Vælg mindst én modtagergruppe eller enhed.');
    expect(flat(incomplete.body.value)).toContain('Husk mødet');
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM announcements WHERE kind = 'message'")).toBe(0);

    const preview = await press(fatima, 'announcement.preview', { ...FORM, title: 'Netværksmøde 3. marts', text: 'Kontaktpersonerne mødes kl. 9.', units: 'JC-UDSAT' });
    const previewCard = preview.body.value;
    expect(previewCard.body[0].text).toBe('Eksempel: sådan ser meddelelsen ud');
    expect(factsOf(previewCard)).toMatchObject({ Modtagere: 'Jobcenter København – udsatte borgere', 'Når ud til': '2 kanaler og 2 personer', Hvornår: 'Med det samme' });
    expect(flat(previewCard)).toContain('1 modtager kan ikke nås'); // Bo has no 1:1 chat with the bot
    expect(flat(previewCard)).toContain('Modtageren tælles og vises i rapporten.');
    const draftId = previewCard.actions[0].data.draftId;

    const sent = await press(fatima, 'announcement.send', { draftId });
    expect(flat(sent.body.value)).toContain('Sendes nu.');
    expect(sent.body.value.actions).toEqual([]);
    expect((await press(fatima, 'announcement.send', { draftId })).body.value).toBe('Det udkast er allerede sendt eller slettet.');

    await waitUntil(() => announcementsIn(UNIT_CHANNELS['JC-UDSAT']).length === 1 && announcementsIn(UNIT_CHANNELS['JC-UDSAT-NORD']).length === 1);
    await waitUntil(() => factsOf(reportCard() ?? { body: [{ type: 'FactSet', facts: [] }] }).Leveret === '4');
    const report = reportCard();
    expect(factsOf(report)).toMatchObject({ Leveret: '4', Venter: '0', 'Uden samtale': '1', 'Markeret læst': '0' });
    expect(flat(report)).toContain('Bo Hansen');
    const reportPosts = bot.connector.calls.filter((call) => call.operation === 'send' && call.conversationId === personalChatOf(fatima.aadObjectId) && flat(call.body).includes('Leveringsrapport'));
    expect(reportPosts).toHaveLength(1); // one report card, updated in place
    expect(bot.connector.calls.filter((call) => call.operation === 'update' && call.conversationId === personalChatOf(fatima.aadObjectId)).length).toBeGreaterThan(0);

    const announcementId = announcementsIn(UNIT_CHANNELS['JC-UDSAT'])[0].actions.find((a: any) => a.verb === 'announcement.read').data.announcementId;
    // "Læst": the presser's own view of the card (the invoke response) says when, in place of the button; the
    // card in the channel is not changed for the others; a second press shows the same time and is not counted again.
    const channelUpdates = () => bot.connector.calls.filter((call) => call.operation === 'update' && call.conversationId === UNIT_CHANNELS['JC-UDSAT']).length;
    const updatesBefore = channelUpdates();
    const readView = (await press(PEOPLE.anna, 'announcement.read', { announcementId }, UNIT_CHANNELS['JC-UDSAT'])).body;
    expect(readView.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(readView.value.body[1].text).toBe('Netværksmøde 3. marts');
    const confirmation = readView.value.body.find((element: any) => element.style === 'good');
    expect(confirmation.items[0].text).toMatch(/^✓ Du har markeret meddelelsen som læst \d{1,2}\.\u00a0[a-zæø]+ \d{4} kl\. \d{2}\.\d{2}\.$/);
    expect(readView.value.actions.map((action: any) => action.verb)).not.toContain('announcement.read');
    const again = (await press(PEOPLE.anna, 'announcement.read', { announcementId }, UNIT_CHANNELS['JC-UDSAT'])).body;
    expect(again.value.body.find((element: any) => element.style === 'good').items[0].text).toBe(confirmation.items[0].text);
    await waitUntil(() => factsOf(reportCard()!)['Markeret læst'] === '1');
    expect(await bot.app.store.announcements.readCount(announcementId)).toBe(1);
    expect(channelUpdates()).toBe(updatesBefore);

    // "Ret" on the report: a new form, the report card stays; saving updates every delivered card in place.
    const correct = await press(fatima, 'announcement.correct', { announcementId });
    expect(correct.body.value).toBe('Ret meddelelsen "Netværksmøde 3. marts"');
    const correctionForm = cardIn(lastTo(personalChatOf(fatima.aadObjectId)));
    expect(correctionForm.actions[0].data.correctsId).toBe(String(announcementId));
    const correctionPreview = await press(fatima, 'announcement.preview', { ...FORM, title: 'Netværksmøde 3. marts – nyt lokale', text: 'Lokale 2.14.', correctsId: String(announcementId) });
    expect(correctionPreview.body.value.actions[0].title).toBe('Gem rettelse');
    const saved = await press(fatima, 'announcement.send', { draftId: correctionPreview.body.value.actions[0].data.draftId });
    expect(flat(saved.body.value)).toContain('Rettelsen er gemt. 4 kort opdateres nu.');
    await waitUntil(() => announcementsIn(UNIT_CHANNELS['JC-UDSAT'])[0]?.body[1].text === 'Netværksmøde 3. marts – nyt lokale');
    await waitUntil(() => announcementsIn(UNIT_CHANNELS['JC-UDSAT-NORD'])[0]?.body[1].text === 'Netværksmøde 3. marts – nyt lokale');
    expect(flat(announcementsIn(UNIT_CHANNELS['JC-UDSAT-NORD'])[0])).toContain('Rettet');

    const withdrawn = await press(fatima, 'announcement.withdraw', { announcementId });
    expect(withdrawn.body.value.body[1].items[0].text).toBe('Trukket tilbage: kortene slettes alle steder');
    const everywhere = [UNIT_CHANNELS['JC-UDSAT'], UNIT_CHANNELS['JC-UDSAT-NORD'], personalChatOf(PEOPLE.anna.aadObjectId), personalChatOf(PEOPLE.lene.aadObjectId)];
    await waitUntil(() => everywhere.every((conversation) => announcementsIn(conversation).length === 0));
    expect(bot.connector.calls.filter((call) => call.operation === 'delete')).toHaveLength(4);
    expect((await press(PEOPLE.anna, 'announcement.read', { announcementId }, UNIT_CHANNELS['JC-UDSAT'])).body.value).toBe('Meddelelsen er trukket tilbage.');
  }, 30_000);

  it('forged or malformed button data gets a polite answer', async () => {
    expect((await press(fatima, 'announcement.send', { draftId: 'drop table' })).body.value).toBe('Knappen sendte data, jeg ikke kan bruge, så intet er ændret. Skriv kommandoen igen.');
    expect((await press(fatima, 'announcement.withdraw', { announcementId: 424242 })).body.value).toBe(
      'Den meddelelse kan du ikke ændre. Du kan rette, annullere og trække dine egne meddelelser tilbage; Brobyggers administratorer kan gøre det med alle meddelelser.',
    );
    expect((await press(fatima, 'announcement.withdraw', { announcementId: [1] })).body.value).toBe('Knappen sendte data, jeg ikke kan bruge, så intet er ændret. Skriv kommandoen igen.');
  });
});
