import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { ask, auditRows, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { CITIZENS, PEOPLE, worldStore } from '../../support/world.js';

const factsOf = (card: Record<string, any>, side: 'BIF' | 'SOF') => {
  const view = card.sides.find((s: any) => s.heading.endsWith(`(${side})`));
  return view.cases.map((c: any) => Object.fromEntries(c.facts.map((f: any) => [f.title, f.value])));
};

describe('the single point of entry (lookup)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore();
  });

  it('gives a BIF caseworker the SOF team and caseworker of a shared citizen, with contact buttons', async () => {
    const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, 'hvem har 010190-1234?'));
    expect(route).toBe('citizen-lookup');
    const card = cardOf(replies[0], 'citizen-lookup');
    expect(card.citizen).toEqual({ name: 'Birte Fællesborger', maskedCpr: '010190-xxxx' });
    expect(factsOf(card, 'SOF')).toEqual([
      expect.objectContaining({ Enhed: 'Center for Rusmiddelbehandling › Team A', Sagsbehandler: 'Mads Nielsen', Telefon: '33\u00a017\u00a001\u00a001', 'E-mail': 'mads.nielsen@kk.dk' }),
    ]);
    expect(factsOf(card, 'BIF')[0]).toMatchObject({ Sagsbehandler: 'Anna Jensen', Kategori: 'Aktivitetsparat (svarer til gammel matchgruppe 4–5 / ny matchgruppe 2–3)' });
    const sofActions = card.sides[1].cases[0].actions.map((a: any) => a.url);
    expect(sofActions).toEqual(['https://teams.microsoft.com/l/chat/0/0?users=mads.nielsen%40kk.dk', 'tel:+4533170101', 'mailto:mads.nielsen@kk.dk']);
    expect(card.badges.map((b: any) => b.text)).toEqual(['Fællesborger', 'Grøn linie']);
    expect(card.greenLine).toContain('Anna Jensen (BIF) og Mads Nielsen (SOF)');
  });

  it('gives an SOF caseworker the BIF side, including the SOF target group', async () => {
    const card = cardOf((await ask(store, chatRequest(PEOPLE.mads, '0101901234'))).replies[0], 'citizen-lookup');
    expect(factsOf(card, 'BIF')[0]).toMatchObject({ Sagsbehandler: 'Anna Jensen', Enhed: 'Jobcenter København – udsatte borgere › Team Nord' });
    expect(factsOf(card, 'SOF')[0]).toMatchObject({ Kategori: 'Misbrug' });
  });

  it('hides the SOF target group (health data) from a BIF caseworker', async () => {
    const card = cardOf((await ask(store, chatRequest(PEOPLE.anna, '0101901234'))).replies[0], 'citizen-lookup');
    expect(factsOf(card, 'SOF')[0]).not.toHaveProperty('Kategori');
    expect(JSON.stringify(card)).not.toContain('Misbrug');
  });

  it('accepts every common spelling of the CPR number, alone or in a sentence', async () => {
    for (const text of ['010190-1234', '0101901234', '010190 1234', 'sagsbehandler for 0101901234', 'Hvem har 010190-1234?']) {
      const { replies } = await ask(store, chatRequest(PEOPLE.anna, text));
      expect(cardOf(replies[0], 'citizen-lookup').citizen.maskedCpr).toBe('010190-xxxx');
    }
  });

  it('says so and gives the entry point when there is no open case on the other side', async () => {
    const card = cardOf((await ask(store, chatRequest(PEOPLE.bo, CITIZENS.bifOnly))).replies[0], 'citizen-lookup');
    const sof = card.sides.find((s: any) => s.heading.endsWith('(SOF)'));
    expect(sof.cases).toEqual([]);
    expect(sof.noCaseText).toContain('ingen åben sag i SOF');
    expect(sof.entryPoints[0].facts).toEqual([
      { title: 'Enhed', value: 'SOF Entydig indgang' },
      { title: 'Telefon', value: '33\u00a017\u00a033\u00a017' },
      { title: 'E-mail', value: 'indgang@kk.dk' },
    ]);
    expect(card.badges).toEqual([]);
  });

  it('answers as of a date given with "pr." or "den"', async () => {
    const before = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'hvem havde 040485-4567 pr. 31-12-2024'))).replies[0], 'citizen-lookup');
    expect(factsOf(before, 'SOF')[0]).toMatchObject({ Enhed: 'Socialforvaltningen › Borgercenter Voksne', Sagsbehandler: 'Mads Nielsen' });
    // A no-break space after the day: "31. " at the start of a card text would be read as a numbered list.
    expect(before.asOfLabel).toBe('Pr. 31.\u00a0december 2024');
    const after = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'hvem har 040485-4567 den 1. januar 2025'))).replies[0], 'citizen-lookup');
    expect(factsOf(after, 'SOF')[0]).toMatchObject({ Enhed: 'Center for Rusmiddelbehandling › Team A' });
  });

  it('shows the green line only on a date when both sides have a caseworker', async () => {
    // The citizen's BIF case (green line) opened in 2024, the SOF case only on 2025-01-01.
    const before = cardOf((await ask(store, chatRequest(PEOPLE.anna, `${CITIZENS.shared} pr. 01-06-2024`))).replies[0], 'citizen-lookup');
    expect(before.sides[1].noCaseText).toContain('ingen åben sag i SOF');
    expect(before.greenLine).toBeNull();
    expect(before.badges.map((b: any) => b.text)).not.toContain('Grøn linie');
    expect(JSON.stringify(before)).not.toContain('— (SOF)');
    expect(JSON.parse((await auditRows(store)).at(-1).shown)).not.toContain('green_line');
    const after = cardOf((await ask(store, chatRequest(PEOPLE.anna, `${CITIZENS.shared} pr. 01-02-2025`))).replies[0], 'citizen-lookup');
    expect(after.greenLine).toContain('Anna Jensen (BIF) og Mads Nielsen (SOF)');
  });

  it('says that a date in the future has not come yet, and shows nothing about the citizen', async () => {
    const reply = textOf((await ask(store, chatRequest(PEOPLE.anna, `${CITIZENS.shared} pr. 01-01-2026`))).replies[0]);
    expect(reply).toBe('1.\u00a0januar 2026 er ikke kommet endnu, så jeg kan ikke sige, hvem der har borgeren den dag. Skriv CPR-nummeret uden dato for at se, hvem der har borgeren i dag.');
    expect((await auditRows(store)).at(-1)).toMatchObject({ result: 'invalid', citizen_cpr: null });
    expect(cardOf((await ask(store, chatRequest(PEOPLE.anna, `${CITIZENS.shared} pr. 02-06-2025`))).replies[0], 'citizen-lookup').asOfLabel).toContain('Pr. i dag');
  });

  it('answers in English when the user writes in an English client', async () => {
    const card = cardOf((await ask(store, chatRequest(PEOPLE.anna, 'who has 0101901234', { locale: 'en' }))).replies[0], 'citizen-lookup');
    expect(card.title).toBe('Who handles this citizen?');
    expect(card.badges[0].text).toBe('Shared citizen');
  });

  it('never refuses a valid number for failing modulus 11', async () => {
    const { replies } = await ask(store, chatRequest(PEOPLE.bo, '010100-1002'));
    expect(cardOf(replies[0], 'citizen-lookup').citizen.name).toBe('Frida Modulus');
  });
});

describe('need-to-know', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore();
  });

  const refusalOf = async (user: { aadObjectId: string }, text: string) => cardOf((await ask(store, chatRequest(user, text))).replies[0], 'lookup-refused');
  const SOF_ENTRY_POINT = {
    heading: 'Indgang til Socialforvaltningen (SOF)',
    facts: [
      { title: 'Enhed', value: 'SOF Entydig indgang' },
      { title: 'Telefon', value: '33\u00a017\u00a033\u00a017' },
      { title: 'E-mail', value: 'indgang@kk.dk' },
    ],
    actions: [
      { title: 'Ring', url: 'tel:+4533173317' },
      { title: 'Send mail', url: 'mailto:indgang@kk.dk' },
    ],
  };
  const BIF_ENTRY_POINT = expect.objectContaining({
    heading: 'Indgang til Beskæftigelses- og Integrationsforvaltningen (BIF)',
    facts: expect.arrayContaining([{ title: 'Enhed', value: 'Callcenter – hotline for SOF-medarbejdere' }]),
  });
  const SPECIALIST_UNIT = {
    heading: 'Specialenheden BIF–SOF',
    facts: [
      { title: 'Enhed', value: 'BIF–SOF Specialenheden' },
      { title: 'Telefon', value: '33\u00a066\u00a099\u00a099' },
      { title: 'E-mail', value: 'specialenheden@kk.dk' },
    ],
    actions: [
      { title: 'Ring', url: 'tel:+4533669999' },
      { title: 'Send mail', url: 'mailto:specialenheden@kk.dk' },
    ],
  };

  it('refuses a caseworker a citizen their administration has no open case for, in words that do not reveal whether the citizen exists', async () => {
    const existing = await refusalOf(PEOPLE.anna, CITIZENS.sofOnly);
    const missing = await refusalOf(PEOPLE.anna, CITIZENS.unknown);
    expect(existing.text).toContain('Jeg kan ikke vise oplysninger om 030370-xxxx');
    expect(JSON.stringify(missing).replace('050595', '030370')).toBe(JSON.stringify(existing));
  });

  it("gives with a refusal the other administration's entry point and the specialist unit, with buttons to call and write", async () => {
    expect((await refusalOf(PEOPLE.anna, CITIZENS.sofOnly)).contacts).toEqual([SOF_ENTRY_POINT, SPECIALIST_UNIT]);
    expect((await refusalOf(PEOPLE.mads, CITIZENS.bifOnly)).contacts).toEqual([BIF_ENTRY_POINT, SPECIALIST_UNIT]);
    // The specialist unit itself gets both administrations' entry points.
    expect((await refusalOf(PEOPLE.fatima, CITIZENS.bifOnly)).contacts).toEqual([BIF_ENTRY_POINT, SOF_ENTRY_POINT]);
  });

  it('uses today, not the date asked about, to judge the need (a closed case gives no access)', async () => {
    const refused = await refusalOf(PEOPLE.mads, `${CITIZENS.bifOnly} pr. 01-06-2024`);
    expect(refused.text).toContain('Jeg kan ikke vise');
  });

  it('lets the specialist unit see shared citizens only', async () => {
    expect(cardOf((await ask(store, chatRequest(PEOPLE.fatima, CITIZENS.shared))).replies[0], 'citizen-lookup').citizen.name).toBe('Birte Fællesborger');
    const notShared = await refusalOf(PEOPLE.fatima, CITIZENS.bifOnly);
    const unknown = await refusalOf(PEOPLE.fatima, CITIZENS.unknown);
    expect(notShared.text).toContain('Jeg kan ikke vise oplysninger om 150875-xxxx');
    expect(JSON.stringify(unknown).replace('050595', '150875')).toBe(JSON.stringify(notShared));
  });

  it('refuses roles without a lookup need (manager, hotline agent) and people who are not employees', async () => {
    expect(textOf((await ask(store, chatRequest(PEOPLE.lene, CITIZENS.shared))).replies[0])).toContain('Din rolle giver ikke adgang');
    expect(textOf((await ask(store, chatRequest(PEOPLE.hanne, CITIZENS.shared))).replies[0])).toContain('Din rolle giver ikke adgang');
    expect(textOf((await ask(store, chatRequest(PEOPLE.stranger, CITIZENS.shared))).replies[0])).toContain('Jeg kan ikke se, at du er registreret som medarbejder');
    expect(textOf((await ask(store, chatRequest({ aadObjectId: null }, CITIZENS.shared))).replies[0])).toContain('Jeg kan ikke se, at du er registreret som medarbejder');
  });

  it('refuses an employee whose employment has ended', async () => {
    const request = chatRequest(PEOPLE.mads, CITIZENS.shared, { now: new Date('2024-06-01T10:00:00Z') });
    // Mads was in Borgercenter Voksne in 2024 and the citizen's SOF case only opened in 2025.
    expect(cardOf((await ask(store, request)).replies[0], 'lookup-refused').text).toContain('Jeg kan ikke vise');
  });
});

describe('audit of lookups', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore();
  });

  it('writes every attempt, allowed or refused, with time, employee, citizen, what was shown and the result', async () => {
    await ask(store, chatRequest(PEOPLE.anna, CITIZENS.shared));
    await ask(store, chatRequest(PEOPLE.anna, CITIZENS.sofOnly));
    await ask(store, chatRequest(PEOPLE.stranger, CITIZENS.shared));
    await ask(store, chatRequest(PEOPLE.anna, '310290-1234'));
    const rows = (await auditRows(store));
    expect(rows.map((r) => [r.action, r.actor_employee_id, r.citizen_cpr, r.result])).toEqual([
      ['citizen.lookup', PEOPLE.anna.id, CITIZENS.shared, 'shown'],
      ['citizen.lookup', PEOPLE.anna.id, CITIZENS.sofOnly, 'refused'],
      ['citizen.lookup', null, CITIZENS.shared, 'refused'],
      ['citizen.lookup', PEOPLE.anna.id, null, 'invalid'],
    ]);
    expect(rows[0]).toMatchObject({ at: '2025-06-02T10:00:00.000Z', purpose: 'single_point_of_entry', actor_administration: 'BIF', as_of: '2025-06-02' });
    expect(JSON.parse(rows[0].shown)).toEqual(expect.arrayContaining(['citizen.name', 'BIF.caseworker', 'SOF.caseworker', 'green_line']));
    expect(JSON.parse(rows[0].shown)).not.toContain('SOF.category');
    expect(JSON.parse(rows[1].detail)).toEqual({ reason: 'no-open-case-in-own-administration' });
    expect(rows[2].actor_aad_object_id).toBe(PEOPLE.stranger.aadObjectId);
  });
});

describe('bad lookup input', () => {
  let store: Store;
  beforeEach(async () => {
    store = await worldStore();
  });

  it.each([
    ['010190-123', '"010190-xxx" ligner et CPR-nummer, men har 9 cifre'],
    ['01019012345', '"010190xxxxx" ligner et CPR-nummer, men har 11 cifre'],
    ['310290-1234', 'de første seks cifre er ikke en rigtig dato'],
    ['010130-4234', 'fødselsdatoen (ud fra 7. ciffer) ligger i fremtiden'],
    ['0101901234 og 0404854567', 'Jeg kan kun slå én borger op ad gangen'],
    ['0101901234 pr. 30-02-2025', 'Datoen "30-02-2025" findes ikke'],
  ])('%s gets a short Danish explanation', async (text, expected) => {
    const reply = textOf((await ask(store, chatRequest(PEOPLE.anna, text))).replies[0]);
    expect(reply).toContain(expected);
    expect(reply).not.toMatch(/\d{10}|\d{6}-\d{4}/);
  });
});
