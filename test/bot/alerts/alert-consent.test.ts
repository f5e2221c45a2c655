import { describe, expect, it } from 'vitest';
import { alertCard } from '../../../bot/alerts/alert-card-data.js';
import { alertDeliveryHooks } from '../../../bot/alerts/alert-delivery-hooks.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import { consentSettings } from '../../../bot/consent/consent-settings.js';
import { acceptEvent } from '../../../bot/events/accept-event.js';
import { parseEvent } from '../../../bot/events/event-schemas.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { chatRequest, handleChat, silentLog } from '../../support/chat.js';
import { benefitStopped } from '../../support/signed-event.js';
import { CITIZENS, PEOPLE, worldStore } from '../../support/world.js';

const NOW = new Date('2025-06-02T10:00:00Z');
const HEADER = 'cpr,purpose,given_on,expires_on,withdrawn_on,reference';
// Without an expiry: the alert card judges consent on the real today (it is rendered whenever it is sent or updated).
const BIRTE_GIVEN = '010190-1234,bif_sof_sharing,2025-03-01,,,DS-1';

/** The alert world with its channels installed, and `consents` as consents.csv. */
async function alertWorld(...consents: string[]): Promise<Store> {
  const store = await worldStore({ ...ALERT_WORLD_CSV, 'consents.csv': `${[HEADER, ...consents].join('\n')}\n` });
  for (const channel of [CHANNELS.rusTeamA, CHANNELS.spec]) {
    await store.conversations.remember({ conversationId: channel, scope: 'channel', tenantId: 't', serviceUrl: 'http://127.0.0.1:1/', teamId: null, aadObjectId: null, reference: {} }, NOW);
  }
  return store;
}

let sequence = 0;
async function acceptAlert(store: Store, body: Record<string, unknown>): Promise<number> {
  const parsed = parseEvent(body);
  if (!parsed.ok) throw new Error(parsed.problems.join());
  return (await store.transaction((tx) => acceptEvent(tx, `msg_${++sequence}`, parsed.event, NOW, { dropNonShared: false, fallbackUnitId: undefined })) as { alertId: number }).alertId;
}

/** The card as shown in `conversationId` (by default the SOF team's channel, where the world's alerts are routed). */
async function cardData(store: Store, alertId: number, consentRequired: boolean, conversationId: string = CHANNELS.rusTeamA): Promise<Record<string, any>> {
  const reply = await alertCard(store, (await store.alerts.find(alertId))!, 'da', { consentRequired, conversationId });
  if (reply.kind === 'text') throw new Error('expected a card');
  return reply.data as Record<string, any>;
}

const BIF_ENTRY_POINT = 'Vises ikke uden et gældende samtykke til deling. Kontakt indgangen: Callcenter – hotline for SOF-medarbejdere · 33\u00a066\u00a033\u00a066';
const SOF_ENTRY_POINT = 'Vises ikke uden et gældende samtykke til deling. Kontakt indgangen: SOF Entydig indgang · 33\u00a017\u00a033\u00a017';

describe('the alert card and CONSENT_REQUIRED_FOR_SHARING', () => {
  it('on, no consent: routed to the SOF team as before, whose card shows BIF only as its entry point', async () => {
    const store = await alertWorld();
    const alertId = await acceptAlert(store, benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id }));
    expect(await store.alerts.find(alertId)).toMatchObject({ channelId: CHANNELS.rusTeamA, routeReason: 'unit-channel' });
    const card = await cardData(store, alertId, true);
    expect(card.consent).toBe('Intet samtykke registreret');
    expect(card.people[0]).toEqual({ heading: 'Sagsbehandler i BIF', text: BIF_ENTRY_POINT, actions: [expect.objectContaining({ url: 'tel:+4533663366' }), expect.objectContaining({ url: 'mailto:hotline@kk.dk' })] });
    expect(card.people[1].text).toContain('Mads Nielsen');
    expect(card.badges).toEqual([]);
    expect(card.greenLine).toBeNull();
    for (const secret of ['Anna', 'anna.jensen', 'Team Nord', 'Fællesborger"']) expect(JSON.stringify(card)).not.toContain(secret);
  });

  it('on, consent given, or off: the card names the BIF caseworker as before, and says how consent stands', async () => {
    const store = await alertWorld(BIRTE_GIVEN);
    const alertId = await acceptAlert(store, benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id }));
    const on = await cardData(store, alertId, true);
    expect(on.people[0].text).toContain('Anna Jensen');
    expect(on.consent).toBe('Samtykke til deling: givet 1.\u00a0marts 2025, uden udløbsdato');
    const bare = await alertWorld();
    const off = await cardData(bare, await acceptAlert(bare, benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id })), false);
    expect(off.people[0].text).toContain('Anna Jensen');
    expect(off.consent).toBe('Intet samtykke registreret');
  });

  it('on, no consent: the same alert shown anywhere but the SOF team’s channel (escalated to the specialist unit, a manager’s chat) names neither caseworker', async () => {
    const store = await alertWorld();
    const alertId = await acceptAlert(store, benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id }));
    for (const elsewhere of [CHANNELS.spec, `a:personal-${PEOPLE.lene.aadObjectId}`]) {
      const card = await cardData(store, alertId, true, elsewhere);
      expect(card.people.map((person: any) => person.text)).toEqual([BIF_ENTRY_POINT, SOF_ENTRY_POINT]);
      for (const secret of ['Anna', 'Mads']) expect(JSON.stringify(card)).not.toContain(secret);
    }
    expect((await cardData(store, alertId, true, `${CHANNELS.rusTeamA};messageid=1234`)).people[1].text).toContain('Mads Nielsen');
  });

  it('on, no consent: a change of BIF category is announced without the categories', async () => {
    const store = await alertWorld();
    const alertId = await acceptAlert(store, { type: 'category.changed', timestamp: '2025-06-02T09:00:00Z', data: { cpr: CITIZENS.shared, from: 'aktivitetsparat', to: 'ny_match_1', date: '2025-06-02' } });
    const card = await cardData(store, alertId, true);
    expect(card.facts).toEqual([{ title: 'Dato', value: '2.\u00a0juni 2025' }]);
    expect(JSON.stringify(card)).not.toMatch(/ktivitetsparat|matchgruppe/i);
  });

  it('on, no consent: in the specialist unit’s channel (no SOF case), neither side is shown beyond its entry point', async () => {
    const store = await alertWorld();
    const alertId = await acceptAlert(store, benefitStopped(CITIZENS.bifOnly, { bif_caseworker_id: PEOPLE.bo.id }));
    expect(await store.alerts.find(alertId)).toMatchObject({ channelId: CHANNELS.spec, routeReason: 'fallback-no-sof-case' });
    const card = await cardData(store, alertId, true, CHANNELS.spec);
    expect(card.people.map((person: any) => person.text)).toEqual([BIF_ENTRY_POINT, SOF_ENTRY_POINT]);
    expect(JSON.stringify(card)).not.toContain('Bo Hansen');
  });

  it('on: the card the delivery worker posts, and the one a claim answers with, follow the policy', async () => {
    const store = await alertWorld();
    const alertId = await acceptAlert(store, benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id }));
    const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
    if (!hours.ok) throw new Error(hours.problem);
    const hooks = alertDeliveryHooks({ dropNonShared: false, fallbackUnitId: undefined, escalationPeriodMs: 7_200_000, workingHours: hours.value, consent: consentSettings(true) });
    const posted = await hooks.render(store, (await store.outbox.postsOf(alertId))[0]!, NOW);
    expect(JSON.stringify(posted)).toContain(BIF_ENTRY_POINT);
    expect(JSON.stringify(posted)).not.toContain('Anna');

    await store.greetedUsers.markGreeted(PEOPLE.mads.aadObjectId, new Date(0));
    const press = chatRequest(PEOPLE.mads, '', { scope: 'channel', conversationId: CHANNELS.rusTeamA, cardAction: { verb: 'alert.claim', data: { alertId } } });
    const { replies } = await handleChat(press, { store, log: silentLog }, chatRoutes({ consent: consentSettings(true) }));
    expect(JSON.stringify(replies)).toContain('Mads Nielsen');
    expect(JSON.stringify(replies)).not.toContain('Anna');
  });
});
