import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAdaptiveCard } from '../schemas/load-schemas.js';
import { GUIDE_WORLD_CSV } from '../support/guide-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsCardActionInvoke, teamsMessage, teamsMessageExtensionQuery, teamsMessageExtensionSelect } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');

describe('the guide through /api/messages', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot({ files: GUIDE_WORLD_CSV, clock: () => NOW });
  });
  afterAll(() => bot.stop());

  describe('the message extension (compose box search)', () => {
    it('answers a query with previews, each carrying the full card to insert and a tap that selects it', async () => {
      const answer = await bot.post(teamsMessageExtensionQuery({ serviceUrl: bot.connector.url, from: PEOPLE.anna, query: 'stofmisbrug' }));
      expect(answer.status).toBe(200);
      const result = answer.body.composeExtension;
      expect(result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      const [first] = result.attachments;
      expect(first.preview).toMatchObject({
        contentType: 'application/vnd.microsoft.card.thumbnail',
        content: { title: 'Rusmiddelbehandling', tap: { type: 'invoke', value: { entryId: 'rusmiddel' } } },
      });
      expect(first.preview.content.text).toBe('Center for Rusmiddelbehandling giver **ambulant behandling** for stofmisbrug og alkohol. Ring til modtagelsen for visitation.');
      expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(validateAdaptiveCard(first.content)).toEqual([]);
      expect(bot.connector.postedActivities().length).toBe(0); // the answer is the invoke response, nothing is posted
    });

    it('lists the entries in force by title when the extension opens (empty query), and pages with skip', async () => {
      const all = (await bot.post(teamsMessageExtensionQuery({ serviceUrl: bot.connector.url, from: PEOPLE.mads }))).body.composeExtension.attachments;
      const titles = all.map((attachment: any) => attachment.preview.content.title);
      expect(titles).toEqual([...titles].sort((a: string, b: string) => a.localeCompare(b, 'da', { sensitivity: 'base' })));
      expect(titles).toContain('Enkeltydelser i BIF (YDS)');
      expect(titles).not.toContain('Enkeltydelser i SOF (ESY)'); // ended 2024-12-31
      const rest = (await bot.post(teamsMessageExtensionQuery({ serviceUrl: bot.connector.url, from: PEOPLE.mads, query: '', skip: 2 }))).body.composeExtension.attachments;
      expect(rest.map((attachment: any) => attachment.preview.content.title)).toEqual(titles.slice(2));
    });

    it('selectItem returns the entry’s card with the unit’s contact data read live from the organisation', async () => {
      const answer = await bot.post(teamsMessageExtensionSelect({ serviceUrl: bot.connector.url, from: PEOPLE.anna, value: { entryId: 'rusmiddel' } }));
      expect(answer.status).toBe(200);
      const [attachment] = answer.body.composeExtension.attachments;
      expect(attachment.preview).toBeUndefined();
      const card = JSON.stringify(attachment.content);
      expect(card).toContain('Kontakt: Center for Rusmiddelbehandling');
      expect(card).toContain('33\u00a017\u00a010\u00a000');
      expect(card).toContain('tel:+4533171000');
      expect(card).toContain('https://portal.demo.kk.dk/vejviser/rusmiddel');
      expect(validateAdaptiveCard(attachment.content)).toEqual([]);
    });

    it('answers in English by the user’s locale', async () => {
      const answer = await bot.post(teamsMessageExtensionSelect({ serviceUrl: bot.connector.url, from: PEOPLE.anna, value: { entryId: 'rusmiddel' }, locale: 'en-GB' }));
      expect(JSON.stringify(answer.body)).toContain('Contact: Center for Rusmiddelbehandling');
    });

    it('tells the user when a picked entry no longer exists', async () => {
      const answer = await bot.post(teamsMessageExtensionSelect({ serviceUrl: bot.connector.url, from: PEOPLE.anna, value: { entryId: 'esy-enkeltydelser' } }));
      expect(answer.body).toEqual({ composeExtension: { type: 'message', text: 'Opslaget findes ikke længere i vejviseren.' } });
    });

    it('answers 400 to a command it does not have or a malformed pick', async () => {
      expect((await bot.post(teamsMessageExtensionQuery({ serviceUrl: bot.connector.url, from: PEOPLE.anna, commandId: 'searchCitizens', query: 'x' }))).status).toBe(400);
      expect((await bot.post(teamsMessageExtensionSelect({ serviceUrl: bot.connector.url, from: PEOPLE.anna, value: { id: 42 } }))).status).toBe(400);
    });

    it('refuses a tenant that is not allowed (403)', async () => {
      const activity = teamsMessageExtensionQuery({ serviceUrl: bot.connector.url, from: PEOPLE.anna, query: 'misbrug' }) as any;
      activity.channelData.tenant.id = '00000000-0000-4000-8000-000000000bad';
      activity.conversation.tenantId = '00000000-0000-4000-8000-000000000bad';
      expect((await bot.post(activity)).status).toBe(403);
    });
  });

  describe('in chat', () => {
    it('answers "vejviser <ord>" with the top matches and "vis flere"; pressing it replaces the card with more', async () => {
      const before = bot.connector.postedActivities().length;
      await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'vejviser enkeltydelser pr. 1.6.2024' }));
      const sent = bot.connector.postedActivities().slice(before);
      const card = sent.map((activity: any) => activity.attachments?.[0]?.content).find((content: any) => JSON.stringify(content).includes('Vejviser'));
      expect(JSON.stringify(card)).toContain('Enkeltydelser i SOF (ESY)');
      expect(JSON.stringify(card)).toContain('Pr. 1.\u00a0juni 2024');
      expect(JSON.stringify(card)).not.toContain('Enkeltydelser i BIF (YDS)');
    });

    it('takes any other message as a question for the guide', async () => {
      const before = bot.connector.postedActivities().length;
      await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.anna, text: 'hvem tager sig af handleplanerne?' }));
      const card = JSON.stringify(bot.connector.postedActivities().slice(before));
      expect(card).toContain('Sociale handleplaner og procesnotater');
    });

    it('"vis flere" shows more results in place of the card that was pressed', async () => {
      const answer = await bot.post(
        teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.anna, verb: 'guide.more', data: { query: 'behandling hotline handleplan linie', asOf: '2025-06-02', shown: 3 } }),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
      const results = answer.body.value.body.filter((element: any) => element.type === 'Container');
      // Five entries match some word, four above the relevance floor; all four fit (up to six), so no further "vis flere".
      expect(results.length).toBe(4);
      expect(JSON.stringify(answer.body.value)).not.toContain('guide.more');
    });

    it('"Vis hele" answers the press with a short message and posts the full entry card, leaving the results card as it was', async () => {
      const before = bot.connector.postedActivities().length;
      const answer = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.anna, verb: 'guide.open', data: { entryId: 'rusmiddel', asOf: '2025-06-02', searchId: '' } }));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Hele opslaget om "Rusmiddelbehandling" står herunder.' });
      const posted = bot.connector.postedActivities().slice(before);
      expect(posted).toHaveLength(1);
      const card = JSON.stringify(posted[0]);
      expect(card).toContain('Center for Rusmiddelbehandling giver **ambulant behandling**');
      expect(card).not.toContain('guide.open');
    });

    it('refuses forged "vis flere" data politely', async () => {
      const answer = await bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from: PEOPLE.anna, verb: 'guide.more', data: { query: '', asOf: 'i går', shown: 99 } }));
      expect(answer.body.type).toBe('application/vnd.microsoft.activity.message');
    });
  });
});
