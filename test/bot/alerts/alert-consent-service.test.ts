import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertDeliveryHooks } from '../../../bot/alerts/alert-delivery-hooks.js';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import { consentSettings, type ConsentSettings } from '../../../bot/consent/consent-settings.js';
import { DigitaltSamtykkeClient } from '../../../bot/consent/digitalt-samtykke-client.js';
import { DigitaltSamtykkeSource } from '../../../bot/consent/digitalt-samtykke-source.js';
import { acceptEvent } from '../../../bot/events/accept-event.js';
import { parseEvent } from '../../../bot/events/event-schemas.js';
import type { Store } from '../../../data/store/store.js';
import { ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { auditRows, chatRequest, handleChat, silentLog } from '../../support/chat.js';
import { FAKE_CLIENT, FakeConsentService, type FakeAnswer } from '../../support/fake-consent-service.js';
import { benefitStopped } from '../../support/signed-event.js';
import { CITIZENS, PEOPLE, worldStore } from '../../support/world.js';

/**
 * Alert cards read consent like lookups: consents.csv together with Digitalt Samtykke (the fake, on 127.0.0.1), within
 * the same 1 s deadline, and the audit rows of posting and claiming record the consent the card relied on.
 * CONSENT_REQUIRED_FOR_SHARING is on throughout; Birte's alert goes to the SOF team's channel (BIF: Anna).
 */
const service = new FakeConsentService();
const NOW = new Date('2025-06-02T10:00:00Z');
const HEADER = 'cpr,purpose,given_on,expires_on,withdrawn_on,reference';
const IMPORTED_GIVEN = '010190-1234,bif_sof_sharing,2025-03-01,,,DS-1';
// Without an expiry: the alert card judges consent on the real today.
const GIVEN_AT_SERVICE: FakeAnswer = { consents: [{ id: 'DS-7', template: 'bif_sof_sharing', status: 'active', givenAt: '2025-03-01T09:00:00Z', validTo: null, withdrawnAt: null }] };
const WITHDRAWN_DS1: FakeAnswer = { consents: [{ id: 'DS-1', template: 'bif_sof_sharing', status: 'withdrawn', givenAt: '2025-03-01T09:00:00Z', validTo: null, withdrawnAt: '2025-05-01T10:00:00+02:00' }] };
const BIF_ENTRY_POINT = 'Vises ikke uden et gældende samtykke til deling. Kontakt indgangen: Callcenter – hotline for SOF-medarbejdere';

function policyWithService(): ConsentSettings {
  const client = new DigitaltSamtykkeClient({ baseUrl: service.baseUrl, tokenUrl: service.tokenUrl, clientId: FAKE_CLIENT.id, clientSecret: FAKE_CLIENT.secret });
  return consentSettings(true, new DigitaltSamtykkeSource(client, silentLog, { cacheMs: 60_000 }));
}

async function alertFor(imported: string | null): Promise<{ store: Store; alertId: number }> {
  const store = await worldStore({ ...ALERT_WORLD_CSV, 'consents.csv': `${HEADER}\n${imported ?? ''}\n` });
  await store.conversations.remember({ conversationId: CHANNELS.rusTeamA, scope: 'channel', tenantId: 't', serviceUrl: 'http://127.0.0.1:1/', teamId: null, aadObjectId: null, reference: {} }, NOW);
  const parsed = parseEvent(benefitStopped(CITIZENS.shared, { bif_caseworker_id: PEOPLE.anna.id }));
  if (!parsed.ok) throw new Error(parsed.problems.join());
  const accepted = await store.transaction((tx) => acceptEvent(tx, 'msg_1', parsed.event, NOW, { dropNonShared: false, fallbackUnitId: undefined })) as { alertId: number };
  return { store, alertId: accepted.alertId };
}

/** The delivery worker's render and, after the send, its bookkeeping: the card posted and the `alert.delivered` row. */
async function post(store: Store, alertId: number, consent: ConsentSettings) {
  const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
  if (!hours.ok) throw new Error(hours.problem);
  const hooks = alertDeliveryHooks({ dropNonShared: false, fallbackUnitId: undefined, escalationPeriodMs: 7_200_000, workingHours: hours.value, consent });
  const row = (await store.outbox.postsOf(alertId))[0]!;
  const started = performance.now();
  const card = JSON.stringify(await hooks.render(store, row, NOW));
  const ms = performance.now() - started;
  await store.transaction((tx) => hooks.onSent!(tx, row, 'activity-1', NOW));
  const delivered = (await auditRows(store)).find((r) => r.action === 'alert.delivered');
  return { card, ms, audit: JSON.parse(delivered.detail) };
}

async function claim(store: Store, alertId: number, consent: ConsentSettings) {
  await store.greetedUsers.markGreeted(PEOPLE.mads.aadObjectId, new Date(0));
  const press = chatRequest(PEOPLE.mads, '', { scope: 'channel', conversationId: CHANNELS.rusTeamA, cardAction: { verb: 'alert.claim', data: { alertId } } });
  const { replies } = await handleChat(press, { store, log: silentLog }, chatRoutes({ consent }));
  return { card: JSON.stringify(replies), audit: JSON.parse((await auditRows(store)).find((r) => r.action === 'alert.claimed').detail) };
}

beforeAll(() => service.start());
afterAll(() => service.stop());
beforeEach(() => {
  service.answers.clear();
  service.tokenEndpoint = 'ok';
});

describe('alert cards and Digitalt Samtykke', () => {
  it('consent given only in Digitalt Samtykke: the posted card names BIF’s caseworker, and its delivery row records that consent', async () => {
    service.answers.set(CITIZENS.shared.replace(/\D/g, ''), GIVEN_AT_SERVICE);
    const { store, alertId } = await alertFor(null);
    const { card, audit } = await post(store, alertId, policyWithService());
    expect(card).toContain('Anna Jensen');
    expect(card).toContain('Samtykke til deling: givet 1.\u00a0marts 2025');
    expect(audit).toMatchObject({ consent: { state: 'given', source: 'digitalt_samtykke', reference: 'DS-7' }, consentRequired: true });
    expect(audit.withheld).toBeUndefined();
    expect(JSON.stringify(audit)).not.toMatch(/010190-?1234/);
  });

  it('a consent withdrawn in Digitalt Samtykke ends the imported one: the card shows BIF only as its entry point, and the row says so', async () => {
    service.answers.set(CITIZENS.shared.replace(/\D/g, ''), WITHDRAWN_DS1);
    const { store, alertId } = await alertFor(IMPORTED_GIVEN);
    const { card, audit } = await post(store, alertId, policyWithService());
    expect(card).toContain(BIF_ENTRY_POINT);
    expect(card).not.toContain('Anna');
    expect(audit).toMatchObject({ consent: { state: 'withdrawn', withdrawnOn: '2025-05-01' }, withheld: ['BIF'] });
  });

  it('a service that never answers: the card is still rendered, within 3 s, as "cannot be looked up" — never consent', async () => {
    service.answers.set(CITIZENS.shared.replace(/\D/g, ''), 'hang');
    const { store, alertId } = await alertFor(null);
    const { card, ms, audit } = await post(store, alertId, policyWithService());
    expect(ms).toBeLessThan(3000);
    expect(card).toContain('Samtykket kan ikke slås op lige nu');
    expect(card).toContain(BIF_ENTRY_POINT);
    expect(audit).toMatchObject({ consent: { state: 'unknown', unavailable: 'digitalt_samtykke: timeout' }, withheld: ['BIF'] });
  });

  it('a service that fails, with a consent in consents.csv: the imported consent still counts', async () => {
    service.answers.set(CITIZENS.shared.replace(/\D/g, ''), 'server-error');
    const { store, alertId } = await alertFor(IMPORTED_GIVEN);
    const { card, audit } = await post(store, alertId, policyWithService());
    expect(card).toContain('Anna Jensen');
    expect(audit.consent).toMatchObject({ state: 'given', source: 'import', reference: 'DS-1', unavailable: 'digitalt_samtykke: server-error' });
  });

  it('a claim answers with a card that follows Digitalt Samtykke, and the claim’s audit row records the consent relied on', async () => {
    service.answers.set(CITIZENS.shared.replace(/\D/g, ''), GIVEN_AT_SERVICE);
    const { store, alertId } = await alertFor(null);
    const { card, audit } = await claim(store, alertId, policyWithService());
    expect(card).toContain('Anna Jensen');
    expect(audit).toMatchObject({ consent: { state: 'given', source: 'digitalt_samtykke', reference: 'DS-7' }, consentRequired: true });

    const bare = await alertFor(null);
    const refused = await claim(bare.store, bare.alertId, consentSettings(true));
    expect(refused.card).not.toContain('Anna');
    expect(refused.audit).toMatchObject({ consent: { state: 'none' }, consentRequired: true, withheld: ['BIF'] });
  });
});
