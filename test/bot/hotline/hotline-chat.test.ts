import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';
import type { ChatRequest } from '../../../bot/chat/chat-request.js';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import type { Store } from '../../../data/store/store.js';
import { auditRows, cardOf, chatRequest, handleChat, silentLog, textOf } from '../../support/chat.js';
import { AGENTS, HOTLINE_PEOPLE, HOTLINE_WORLD_CSV, PEOPLE } from '../../support/hotline-world.js';
import { worldStore } from '../../support/world.js';

const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
if (!hours.ok) throw new Error(hours.problem);
const ROUTES = chatRoutes({ hotline: { openingHours: hours.value, hotlineUnitId: 'HOTLINE', callCentreUnitId: 'CALL' } });

describe('the hotline in chat', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore(HOTLINE_WORLD_CSV);
  });
  const say = async (user: { aadObjectId: string }, text: string, overrides: Partial<ChatRequest> = {}) => {
    await store.greetedUsers.markGreeted(user.aadObjectId, new Date(0));
    return (await handleChat(chatRequest(user, text, overrides), { store, log: silentLog }, ROUTES)).replies;
  };

  it('gives a whitelisted SOF caseworker the direct number and the best qualified free agents, with call and chat buttons', async () => {
    const data = cardOf((await say(PEOPLE.mads, 'hotline kontanthjælp'))[0], 'hotline');
    expect(data.title).toBe('Hotline til BIF – kontanthjælp');
    expect(data.status).toBe('Åben nu, til kl. 16.00.');
    expect(data.number).toMatchObject({ label: 'Hotlinens direkte nummer', value: '33\u00a066\u00a044\u00a044' });
    expect(data.agents.map((agent: any) => agent.name)).toEqual([AGENTS.bent.name, AGENTS.carla.name, AGENTS.agnete.name]);
    expect(data.agents[0]).toMatchObject({ badge: 'Kender emnet', skills: 'Kontanthjælp, Sanktioner' });
    expect(data.agents[2].badge).toBeNull();
    expect(data.agents[0].actions.map((action: any) => action.url)).toEqual([
      'https://teams.microsoft.com/l/chat/0/0?users=bent%40kk.dk',
      `tel:${AGENTS.bent.phone}`,
      'mailto:bent@kk.dk',
    ]);
  });

  it('shows the next agent first to the next person asking (the first shown counts as routed to)', async () => {
    await say(PEOPLE.mads, 'hotline kontanthjælp');
    const data = cardOf((await say(PEOPLE.mads, 'hotline kontanthjælp'))[0], 'hotline');
    expect(data.agents[0].name).toBe(AGENTS.carla.name);
  });

  it('leaves out agents who set themselves busy or off today, and says when no one with the topic is free', async () => {
    expect(textOf((await say(AGENTS.agnete, 'hotline optaget'))[0])).toContain('optaget');
    const data = cardOf((await say(PEOPLE.mads, 'hotline sygedagpenge'))[0], 'hotline');
    expect(data.agents.map((agent: any) => agent.name)).not.toContain(AGENTS.agnete.name);
    expect(data.notes).toContain('Ingen ledig medarbejder har sygedagpenge som område lige nu; her er de andre ledige.');
    await say(AGENTS.agnete, 'hotline tilgængelig');
    expect(cardOf((await say(PEOPLE.mads, 'hotline sygedagpenge'))[0], 'hotline').agents[0].name).toBe(AGENTS.agnete.name);
  });

  it('says so when nobody at all is free', async () => {
    for (const agent of [AGENTS.agnete, AGENTS.bent, AGENTS.carla]) await say(agent, 'hotline fri');
    await say({ aadObjectId: PEOPLE.hanne.aadObjectId }, 'hotline optaget');
    const data = cardOf((await say(PEOPLE.mads, 'hotline'))[0], 'hotline');
    expect(data.agents).toEqual([]);
    expect(data.notes).toEqual(['Ingen hotlinemedarbejdere er ledige lige nu. Ring til hotlinens nummer; du kommer i kø og får den næste ledige.']);
  });

  it('names an unknown topic and lists the known ones, then shows everyone free', async () => {
    const data = cardOf((await say(PEOPLE.mads, 'hotline vejret'))[0], 'hotline');
    expect(data.notes[0]).toContain('Emnet "vejret" kender jeg ikke');
    expect(data.notes[0]).toContain('sygedagpenge');
    expect(data.agents).toHaveLength(3);
  });

  it('tells a closed hotline when it opens (Friday evening → Monday 08.00), and shows no agents', async () => {
    const data = cardOf((await say(PEOPLE.mads, 'hotline', { now: new Date('2025-06-13T17:00:00Z') }))[0], 'hotline');
    expect(data.status).toBe('Hotlinen er lukket. Den åbner mandag den 16.\u00a0juni kl. 08.00.');
    expect(data.statusStyle).toBe('attention');
    expect(data.agents).toEqual([]);
  });

  it('answers in English', async () => {
    const data = cardOf((await say(PEOPLE.mads, 'hotline', { locale: 'en', now: new Date('2025-06-13T17:00:00Z') }))[0], 'hotline');
    expect(data.status).toBe('The hotline is closed. It opens Monday 16 June at 08:00.');
  });

  it('gives someone not on the whitelist the general call-centre number and how to get on the list', async () => {
    for (const user of [PEOPLE.anna, PEOPLE.stranger]) {
      const data = cardOf((await say(user, 'hotline'))[0], 'hotline');
      expect(data.title).toBe('Callcentret i BIF');
      expect(data.status).toContain('33\u00a066\u00a033\u00a066');
      expect(data.notes[0]).toContain('hvidliste');
      expect(data.agents).toEqual([]);
    }
  });

  it('lets an explicitly whitelisted partner (not an employee) use the hotline', async () => {
    expect(cardOf((await say(HOTLINE_PEOPLE.partner, 'hotline'))[0], 'hotline').title).toBe('Hotline til BIF');
  });

  it('refuses presence commands from someone who is not a hotline agent', async () => {
    expect(textOf((await say(PEOPLE.mads, 'hotline optaget'))[0])).toBe('Kun hotlinemedarbejdere kan melde sig ledige eller optagede.');
    expect((await store.hotline.presenceOn('2025-06-02' as never)).size).toBe(0);
  });

  describe('the whitelist, managed by admins', () => {
    it('adds a number from today, audited, and it then gets through', async () => {
      expect(textOf((await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste tilføj 22 33 44 55 Krisecenter Nord'))[0])).toBe('22\u00a033\u00a044\u00a055 er nu på hotlinens hvidliste fra i dag.');
      expect(await store.hotline.explicitEntry('phone', '+4522334455', '2025-06-02')).toMatchObject({ source: 'chat', note: 'Krisecenter Nord' });
      expect((await auditRows(store)).at(-1)).toMatchObject({ action: 'hotline.whitelist.added', purpose: 'hotline', actor_employee_id: HOTLINE_PEOPLE.admin.id, citizen_cpr: null });
    });

    it('removes a chat entry from today; a file entry must be changed in the file', async () => {
      await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste tilføj 22334455');
      expect(textOf((await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste fjern +45 22 33 44 55'))[0])).toBe('22\u00a033\u00a044\u00a055 er fjernet fra hotlinens hvidliste fra i dag.');
      expect(await store.hotline.explicitEntry('phone', '+4522334455', '2025-06-02')).toBeNull();
      expect(textOf((await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste fjern 70 20 30 40'))[0])).toContain('står i hotline_whitelist.csv');
      expect(textOf((await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste fjern 11223344'))[0])).toBe('11\u00a022\u00a033\u00a044 står ikke på hvidlisten via chat.');
    });

    it('adds a Teams identity by its object id', async () => {
      await say(HOTLINE_PEOPLE.admin, `hotline whitelist add ${PEOPLE.anna.aadObjectId.toUpperCase()}`);
      expect(cardOf((await say(PEOPLE.anna, 'hotline'))[0], 'hotline').title).toBe('Hotline til BIF');
    });

    it('lists the explicit entries (file and chat)', async () => {
      const data = cardOf((await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste'))[0], 'item-list');
      const lines = data.items.map((item: any) => item.text).join('\n');
      expect(lines).toContain('**70\u00a020\u00a030\u00a040** – Botilbud Lindehuset (fil)');
      expect(lines).not.toContain('40\u00a050\u00a060\u00a070'); // expired
    });

    it('refuses a value that is neither a number nor an object id, and refuses non-admins', async () => {
      expect(textOf((await say(HOTLINE_PEOPLE.admin, 'hotline hvidliste tilføj hr-jensen'))[0])).toContain('"hr-jensen" er hverken et telefonnummer');
      expect(textOf((await say(PEOPLE.mads, 'hotline hvidliste tilføj 22334455'))[0])).toBe('Kun Brobyggers administratorer kan ændre hotlinens hvidliste.');
      expect((await store.hotline.entriesInForce('2025-06-02')).filter((entry) => entry.source === 'chat')).toEqual([]);
    });
  });
});
