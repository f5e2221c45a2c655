import { describe, expect, it } from 'vitest';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import { consentSettings } from '../../../bot/consent/consent-settings.js';
import type { Store } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest, handleChat, silentLog, textOf } from '../../support/chat.js';
import { sqlRows, sqlRun } from '../../support/raw-sql.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';

/**
 * The world's two shared citizens today (2 June 2025): Birte (`shared`: green line, Anna and Mads) and Erik (`moved`).
 * Birte was offered a social action plan twice, the second time declined; she has one unclaimed, one claimed and one
 * resolved alert. Erik has neither.
 */
const SAMPLE_WORLD_CSV = {
  ...WORLD_CSV,
  'action_plans.csv': `cpr,offered_date,outcome,completed_date
010190-1234,2025-01-10,accepted,
010190-1234,2025-03-03,declined,
`,
};

async function sampleStore(): Promise<Store> {
  const store = await worldStore(SAMPLE_WORLD_CSV);
  const at = '2025-05-01T08:00:00Z';
  for (const [id, state] of [['w1', 'open'], ['w2', 'claimed'], ['w3', 'resolved']] as const) {
    await sqlRun(store, "INSERT INTO events (webhook_id, type, occurred_at, received_at, cpr, event_date, data) VALUES (@id, 'benefit.stopped', @at, @at, @cpr, '2025-05-01', '{}')", { id, at, cpr: CITIZENS.shared });
    await sqlRun(store, "INSERT INTO alerts (webhook_id, route_reason, state, created_at) VALUES (@id, 'sof-unit', @state, @at)", { id, state, at });
  }
  return store;
}

const auditRows = (store: Store) =>
  sqlRows<Record<string, string>>(store, "SELECT action, purpose, result, actor_employee_id, citizen_cpr, as_of, shown, detail FROM audit_log WHERE action = 'citizen.sample-check' ORDER BY id");

const citizenByName = (data: Record<string, any>, name: string) => data.citizens.find((c: { heading: string }) => c.heading.startsWith(name));
const factsOf = (citizen: { facts: { title: string; value: string }[] }) => Object.fromEntries(citizen.facts.map((f) => [f.title, f.value]));

describe('stikprøve <n> (the specialist unit’s sample check of coordination)', () => {
  it('shows the shared citizens drawn: both units, action plan, process note, green line, open and unclaimed alerts; masked CPR only', async () => {
    const store = await sampleStore();
    const { route, replies } = await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 5'));
    expect(route).toBe('sample-check');
    const data = cardOf(replies.at(-1), 'sample-check');
    expect(data.title).toBe('Stikprøve: 2 af 2 fællesborgere');
    expect(data.citizens.map((c: { heading: string }) => c.heading).sort()).toEqual(['Birte Fællesborger · 010190-xxxx', 'Erik Flytter · 040485-xxxx']);
    expect(factsOf(citizenByName(data, 'Birte'))).toEqual({
      Samtykke: 'Intet samtykke registreret',
      BIF: 'Team Nord (Anna Jensen)',
      SOF: 'Team A (Mads Nielsen)',
      'Social handleplan': 'Tilbudt 3.\u00a0marts 2025, sagt nej',
      Procesnotat: 'Ja, 3.\u00a0marts 2025 (borgeren sagde nej til handleplanen)',
      'Grøn linie': 'Ja: Anna Jensen (BIF) og Mads Nielsen (SOF)',
      Advis: '2 åbne, heraf 1 ikke taget',
    });
    expect(factsOf(citizenByName(data, 'Erik'))).toMatchObject({ 'Social handleplan': 'Ikke tilbudt', Procesnotat: 'Nej', 'Grøn linie': 'Nej', Advis: 'Ingen åbne' });
    const json = JSON.stringify(replies);
    for (const cpr of [CITIZENS.shared, CITIZENS.moved]) expect(json).not.toContain(cpr);
  });

  it('writes one committed audit row per citizen shown, purpose stikprøvekontrol, with the fields shown', async () => {
    const store = await sampleStore();
    await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 1'));
    const rows = (await auditRows(store));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'citizen.sample-check', purpose: 'stikprøvekontrol', result: 'shown', actor_employee_id: PEOPLE.fatima.id, as_of: '2025-06-02' });
    expect([CITIZENS.shared, CITIZENS.moved]).toContain(rows[0]!.citizen_cpr);
    expect(JSON.parse(rows[0]!.shown!)).toEqual(expect.arrayContaining(['name', 'consent', 'BIF.unit', 'SOF.caseworker', 'action_plan', 'process_note', 'green_line', 'alerts']));
    expect(JSON.parse(rows[0]!.detail!)).toMatchObject({ basis: 'specialist', consentRequired: false, consent: { state: 'none' } });

    await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 5'));
    expect((await auditRows(store)).slice(1).map((row) => row.citizen_cpr).sort()).toEqual([CITIZENS.shared, CITIZENS.moved]);
  });

  it('draws at random: over many draws of one, each shared citizen comes up', async () => {
    const store = await sampleStore();
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const { replies } = await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 1'));
      seen.add(cardOf(replies.at(-1), 'sample-check').citizens[0].heading);
    }
    expect(seen.size).toBe(2);
  });

  it('refuses politely anyone outside the specialist unit, and everyone in a channel or group chat; nothing is audited', async () => {
    const store = await sampleStore();
    for (const person of [PEOPLE.anna, PEOPLE.lene, PEOPLE.stranger]) {
      const { replies } = await ask(store, chatRequest(person, 'stikprøve 3'));
      expect(textOf(replies.at(-1))).toBe('Stikprøver af fællesborgere er for specialenheden. Spørg specialenheden, hvis du har brug for en.');
    }
    for (const scope of ['channel', 'groupChat'] as const) {
      const { replies } = await ask(store, chatRequest(PEOPLE.fatima, 'stikprøve 3', { scope }));
      expect(textOf(replies.at(-1))).toBe('Stikprøven viser oplysninger om borgere, så den gives kun i en 1:1-chat med mig. Skriv "stikprøve 5" til mig der.');
    }
    expect((await auditRows(store))).toEqual([]);
  });

  it('a count outside 1–20 gets the words to write instead, a CPR number among them masked', async () => {
    const store = await sampleStore();
    const answer = async (words: string) => textOf((await ask(store, chatRequest(PEOPLE.fatima, `stikprøve ${words}`))).replies.at(-1));
    expect(await answer('0')).toBe('"0" er ikke et antal borgere. Skriv et helt tal fra 1 til 20, fx "stikprøve 5".');
    expect(await answer('21')).toBe('"21" er ikke et antal borgere. Skriv et helt tal fra 1 til 20, fx "stikprøve 5".');
    expect(await answer('mange')).toBe('"mange" er ikke et antal borgere. Skriv et helt tal fra 1 til 20, fx "stikprøve 5".');
    expect(await answer('010190-1234')).toBe('"010190-xxxx" er ikke et antal borgere. Skriv et helt tal fra 1 til 20, fx "stikprøve 5".');
    expect((await auditRows(store))).toEqual([]);
  });

  it('with CONSENT_REQUIRED_FOR_SHARING and no consent, the specialist sees neither side nor the coordination facts, like a lookup', async () => {
    const store = await sampleStore();
    const { replies } = await handleChat(chatRequest(PEOPLE.fatima, 'stikprøve 5'), { store, log: silentLog }, chatRoutes({ consent: consentSettings(true) }));
    const birte = citizenByName(cardOf(replies.at(-1), 'sample-check'), 'Birte');
    const withheld = 'Vises ikke uden et gældende samtykke til deling';
    expect(factsOf(birte)).toEqual({ Samtykke: 'Intet samtykke registreret', BIF: withheld, SOF: withheld, 'Social handleplan': withheld, Procesnotat: withheld, 'Grøn linie': withheld, Advis: withheld });
    const row = (await auditRows(store)).find((r) => r.citizen_cpr === CITIZENS.shared)!;
    expect(JSON.parse(row.shown!)).toEqual(['name', 'consent']);
    expect(JSON.parse(row.detail!)).toMatchObject({ consentRequired: true, withheld: ['BIF', 'SOF'] });
  });
});
