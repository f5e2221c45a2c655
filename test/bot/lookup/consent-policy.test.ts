import { describe, expect, it } from 'vitest';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import { consentSettings } from '../../../bot/consent/consent-settings.js';
import type { Store } from '../../../data/store/store.js';
import { auditRows, cardOf, chatRequest, handleChat, silentLog } from '../../support/chat.js';
import { sqlValue } from '../../support/raw-sql.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';
import { ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { benefitStopped } from '../../support/signed-event.js';
import { acceptEvent } from '../../../bot/events/accept-event.js';
import { parseEvent } from '../../../bot/events/event-schemas.js';

/** The world's day is 2025-06-02. Birte (010190-1234): BIF Anna (aktivitetsparat), SOF Mads (misbrug), green line. */
const consentsFor = (row: string | null) => ({ ...WORLD_CSV, 'consents.csv': `cpr,purpose,given_on,expires_on,withdrawn_on,reference\n${row ?? ''}\n` });
const CONSENTS = {
  given: '010190-1234,bif_sof_sharing,2025-03-01,2026-03-01,,DS-1',
  expired: '010190-1234,bif_sof_sharing,2024-03-01,2025-03-01,,DS-1',
  expiresToday: '010190-1234,bif_sof_sharing,2024-06-02,2025-06-02,,DS-1',
  withdrawn: '010190-1234,bif_sof_sharing,2025-03-01,,2025-05-01,DS-1',
  withdrawnToday: '010190-1234,bif_sof_sharing,2025-03-01,,2025-06-02,DS-1',
  future: '010190-1234,bif_sof_sharing,2025-07-01,,,DS-1',
  none: null,
} as const;

const nb = (text: string) => text.replace(/(\d)\. /g, '$1.\u00a0');

async function lookUp(store: Store, who: { aadObjectId: string }, text: string, required: boolean) {
  await store.greetedUsers.markGreeted(who.aadObjectId, new Date(0));
  const { replies } = await handleChat(chatRequest(who, text), { store, log: silentLog }, chatRoutes({ consent: consentSettings(required) }));
  return { card: cardOf(replies[0], 'citizen-lookup'), audit: (await auditRows(store)).at(-1) };
}

const side = (card: Record<string, any>, administration: 'BIF' | 'SOF') => card.sides.find((s: any) => s.heading.endsWith(`(${administration})`));

/** Nothing of SOF's side but its entry point: no unit, caseworker, target group, shared status or green line. */
function expectSofWithheld(card: Record<string, any>) {
  const sof = side(card, 'SOF');
  expect(sof.cases).toEqual([]);
  expect(sof.noCaseText).toBe('Borgeren har ikke et gældende samtykke til deling mellem BIF og SOF, så enhed og sagsbehandler i SOF vises ikke. Kontakt SOFs indgang:');
  expect(sof.entryPoints.map((entry: any) => entry.facts)).toEqual([
    [
      { title: 'Enhed', value: 'SOF Entydig indgang' },
      { title: 'Telefon', value: '33\u00a017\u00a033\u00a017' },
      { title: 'E-mail', value: 'indgang@kk.dk' },
    ],
  ]);
  const shown = JSON.stringify(card);
  for (const secret of ['Mads', 'mads.nielsen', 'Rusmiddel', 'Team A', 'Misbrug', '"Fællesborger"', 'Grøn linie', 'ingen åben sag']) expect(shown).not.toContain(secret);
  expect(card.badges).toEqual([]);
  expect(card.greenLine).toBeNull();
  expect(card.consent.style).toBe('warning');
}

describe('CONSENT_REQUIRED_FOR_SHARING in a lookup', () => {
  it.each([
    { consent: 'expired', line: 'Samtykke til deling udløb 1. marts 2025', state: 'expired' },
    { consent: 'expiresToday', line: 'Samtykke til deling udløb 2. juni 2025', state: 'expired' },
    { consent: 'withdrawn', line: 'Samtykke trukket tilbage 1. maj 2025', state: 'withdrawn' },
    { consent: 'withdrawnToday', line: 'Samtykke trukket tilbage 2. juni 2025', state: 'withdrawn' },
    { consent: 'future', line: 'Samtykke til deling gælder først fra 1. juli 2025', state: 'not-yet' },
    { consent: 'none', line: 'Intet samtykke registreret', state: 'none' },
  ] as const)('on, consent $consent: a BIF caseworker sees BIF and only SOF’s entry point, and the audit row says why', async ({ consent, line, state }) => {
    const store = await worldStore(consentsFor(CONSENTS[consent]));
    const { card, audit } = await lookUp(store, PEOPLE.anna, CITIZENS.shared, true);
    expect(card.consent.text).toBe(nb(line));
    expect(side(card, 'BIF').cases[0].facts).toContainEqual({ title: 'Sagsbehandler', value: 'Anna Jensen' });
    expectSofWithheld(card);
    expect(JSON.parse(audit.detail)).toMatchObject({ basis: 'caseworker', consent: { state }, consentRequired: true, withheld: ['SOF'] });
    expect(JSON.parse(audit.shown)).toEqual(expect.arrayContaining(['SOF.entry_point', 'BIF.caseworker', 'consent']));
    expect(JSON.parse(audit.shown)).not.toEqual(expect.arrayContaining(['SOF.unit']));
    expect(audit.detail).not.toContain(CITIZENS.shared);
  });

  it('on, consent given: the full answer, with the consent line, and the audit row records the consent relied on', async () => {
    const store = await worldStore(consentsFor(CONSENTS.given));
    const { card, audit } = await lookUp(store, PEOPLE.anna, CITIZENS.shared, true);
    expect(card.consent).toEqual({ text: nb('Samtykke til deling: givet 1. marts 2025, udløber 1. marts 2026'), style: 'default' });
    expect(side(card, 'SOF').cases[0].facts).toContainEqual({ title: 'Sagsbehandler', value: 'Mads Nielsen' });
    expect(card.badges.map((b: any) => b.text)).toEqual(['Fællesborger', 'Grøn linie']);
    expect(JSON.parse(audit.detail)).toEqual({ basis: 'caseworker', consent: { state: 'given', givenOn: '2025-03-01', expiresOn: '2026-03-01', source: 'import', reference: 'DS-1' }, consentRequired: true });
  });

  it.each(['given', 'withdrawn', 'none'] as const)('off, consent %s: the full answer as before, and the consent line says how things stand', async (consent) => {
    const store = await worldStore(consentsFor(CONSENTS[consent]));
    const { card, audit } = await lookUp(store, PEOPLE.anna, CITIZENS.shared, false);
    expect(side(card, 'SOF').cases[0].facts).toContainEqual({ title: 'Sagsbehandler', value: 'Mads Nielsen' });
    expect(card.consent.style).toBe('default');
    expect(card.consent.text).toMatch(/^(Samtykke|Intet samtykke)/);
    expect(JSON.parse(audit.detail)).toMatchObject({ consentRequired: false });
    expect(JSON.parse(audit.detail)).not.toHaveProperty('withheld');
  });

  it('on: a consent given after the date asked does not cover it; one covering it does', async () => {
    const store = await worldStore(consentsFor(CONSENTS.given));
    const before = await lookUp(store, PEOPLE.anna, `${CITIZENS.shared} pr. 01-02-2025`, true);
    expect(before.card.consent.text).toBe(nb('Samtykke til deling gælder først fra 1. marts 2025'));
    expectSofWithheld(before.card);
    const after = await lookUp(store, PEOPLE.anna, `${CITIZENS.shared} pr. 01-04-2025`, true);
    expect(side(after.card, 'SOF').cases[0].facts).toContainEqual({ title: 'Sagsbehandler', value: 'Mads Nielsen' });
  });

  it('on, withdrawn since: a question about a day the consent covered is answered without SOF’s side', async () => {
    const store = await worldStore(consentsFor(CONSENTS.withdrawn));
    const { card } = await lookUp(store, PEOPLE.anna, `${CITIZENS.shared} pr. 01-04-2025`, true);
    expect(card.consent.text).toBe(nb('Samtykke trukket tilbage 1. maj 2025'));
    expectSofWithheld(card);
  });

  it('on, no consent: an SOF caseworker sees SOF and only BIF’s entry point', async () => {
    const store = await worldStore(consentsFor(CONSENTS.none));
    const { card, audit } = await lookUp(store, PEOPLE.mads, CITIZENS.shared, true);
    expect(side(card, 'SOF').cases[0].facts).toContainEqual({ title: 'Kategori', value: 'Misbrug' });
    const bif = side(card, 'BIF');
    expect(bif.cases).toEqual([]);
    expect(bif.noCaseText).toContain('så enhed og sagsbehandler i BIF vises ikke');
    expect(bif.entryPoints[0].facts[0]).toEqual({ title: 'Enhed', value: 'Callcenter – hotline for SOF-medarbejdere' });
    for (const secret of ['Anna', 'Team Nord', 'Aktivitetsparat', '"Fællesborger"', 'Grøn linie']) expect(JSON.stringify(card)).not.toContain(secret);
    expect(JSON.parse(audit.detail)).toMatchObject({ withheld: ['BIF'] });
  });

  it('on, no consent: the specialist unit follows the same policy and sees only both entry points', async () => {
    const store = await worldStore(consentsFor(CONSENTS.none));
    const { card, audit } = await lookUp(store, PEOPLE.fatima, CITIZENS.shared, true);
    expect(side(card, 'BIF').cases).toEqual([]);
    expect(side(card, 'SOF').cases).toEqual([]);
    for (const secret of ['Anna', 'Mads', 'Aktivitetsparat', 'Misbrug', '"Fællesborger"']) expect(JSON.stringify(card)).not.toContain(secret);
    expect(JSON.parse(audit.detail)).toMatchObject({ basis: 'specialist', withheld: ['BIF', 'SOF'] });
  });

  it('on, no consent: a citizen with no SOF case gets the same SOF words as one with a case, so the card does not tell them apart', async () => {
    const store = await worldStore(consentsFor(CONSENTS.none));
    const withCase = side((await lookUp(store, PEOPLE.anna, CITIZENS.shared, true)).card, 'SOF');
    const withoutCase = side((await lookUp(store, PEOPLE.bo, CITIZENS.bifOnly, true)).card, 'SOF');
    expect(withoutCase).toEqual(withCase);
  });
});

describe('side paths follow the same policy', () => {
  it('"Vis borger" on an alert sends the lookup answer without the other side when consent is missing', async () => {
    const store = await worldStore({ ...ALERT_WORLD_CSV, 'consents.csv': consentsFor(CONSENTS.withdrawn)['consents.csv'] });
    const now = new Date('2025-06-02T10:00:00Z');
    const remember = (conversationId: string, scope: 'channel' | 'personal', aadObjectId: string | null) =>
      store.conversations.remember({ conversationId, scope, tenantId: 't', serviceUrl: 'http://127.0.0.1:1/', teamId: null, aadObjectId, reference: {} }, now);
    await remember(CHANNELS.rusTeamA, 'channel', null);
    await remember(`a:personal-${PEOPLE.mads.aadObjectId}`, 'personal', PEOPLE.mads.aadObjectId);
    const parsed = parseEvent(benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id }));
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const { alertId } = await store.transaction((tx) => acceptEvent(tx, 'msg_consent', parsed.event, now, { dropNonShared: false, fallbackUnitId: undefined })) as { alertId: number };
    await store.greetedUsers.markGreeted(PEOPLE.mads.aadObjectId, new Date(0));
    const press = chatRequest(PEOPLE.mads, '', { scope: 'channel', conversationId: CHANNELS.rusTeamA, cardAction: { verb: 'alert.show-citizen', data: { alertId } } });
    await handleChat(press, { store, log: silentLog }, chatRoutes({ consent: consentSettings(true) }));
    const sent = await sqlValue<string>(store, "SELECT message FROM outbox WHERE purpose = 'citizen-overview'");
    const card = JSON.parse(sent).reply.data;
    expect(card.consent.text).toBe(nb('Samtykke trukket tilbage 1. maj 2025'));
    expect(side(card, 'BIF').cases).toEqual([]);
    for (const secret of ['Anna', 'Team Nord', 'Aktivitetsparat']) expect(sent).not.toContain(secret);
    expect(JSON.parse((await auditRows(store)).filter((row) => row.action === 'citizen.lookup').at(-1).detail)).toMatchObject({ consent: { state: 'withdrawn' }, withheld: ['BIF'] });
  });
});
