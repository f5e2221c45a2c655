import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import { loadConfig } from '../../../bot/config/load-config.js';
import { consentSettings } from '../../../bot/consent/consent-settings.js';
import { DigitaltSamtykkeClient } from '../../../bot/consent/digitalt-samtykke-client.js';
import { digitaltSamtykkeFromConfig } from '../../../bot/compose/digitalt-samtykke-from-config.js';
import { DigitaltSamtykkeSource } from '../../../bot/consent/digitalt-samtykke-source.js';
import { createLogger } from '../../../bot/log/logger.js';
import type { Store } from '../../../data/store/store.js';
import { auditRows, cardOf, chatRequest, handleChat, silentLog } from '../../support/chat.js';
import { FAKE_CLIENT, FakeConsentService, type FakeAnswer } from '../../support/fake-consent-service.js';
import { CITIZENS, PEOPLE, WORLD_CSV, worldStore } from '../../support/world.js';

/** The world's day is 2025-06-02; Birte (CITIZENS.shared) has BIF Anna and SOF Mads. CONSENT_REQUIRED_FOR_SHARING is on throughout. */
const service = new FakeConsentService();
const logLines: Record<string, unknown>[] = [];
const log = createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(JSON.parse(line)) } });

const IMPORTED_GIVEN = '010190-1234,bif_sof_sharing,2025-03-01,2026-03-01,,DS-1';
const withImport = (row: string | null) => ({ ...WORLD_CSV, 'consents.csv': `cpr,purpose,given_on,expires_on,withdrawn_on,reference\n${row ?? ''}\n` });
const nb = (text: string) => text.replace(/(\d)\. /g, '$1.\u00a0');

const GIVEN: FakeAnswer = { consents: [{ id: 'DS-7', template: 'bif_sof_sharing', status: 'active', givenAt: '2025-03-01T09:00:00Z', validTo: '2026-03-01T00:00:00+01:00', withdrawnAt: null }] };
const WITHDRAWN_DS1: FakeAnswer = { consents: [{ id: 'DS-1', template: 'bif_sof_sharing', status: 'withdrawn', givenAt: '2025-03-01T09:00:00Z', validTo: null, withdrawnAt: '2025-05-01T10:00:00+02:00' }] };
const EXPIRED: FakeAnswer = { consents: [{ id: 'DS-8', template: 'bif_sof_sharing', status: 'expired', givenAt: '2024-03-01T09:00:00Z', validTo: '2025-03-01T00:00:00+01:00' }] };

function newSource(options: { cacheMs?: number; now?: () => number } = {}) {
  const client = new DigitaltSamtykkeClient({ baseUrl: service.baseUrl, tokenUrl: service.tokenUrl, clientId: FAKE_CLIENT.id, clientSecret: FAKE_CLIENT.secret });
  return new DigitaltSamtykkeSource(client, log, { cacheMs: options.cacheMs ?? 60_000, ...(options.now ? { now: options.now } : {}) });
}

async function lookUp(store: Store, source: DigitaltSamtykkeSource, who = PEOPLE.anna) {
  await store.greetedUsers.markGreeted(who.aadObjectId, new Date(0));
  const started = performance.now();
  const { replies } = await handleChat(chatRequest(who, CITIZENS.shared), { store, log: silentLog }, chatRoutes({ consent: consentSettings(true, source) }));
  const ms = performance.now() - started;
  const card = cardOf(replies[0], 'citizen-lookup');
  const sof = card.sides.find((s: any) => s.heading.endsWith('(SOF)'));
  return { card, ms, sofCaseworkerShown: JSON.stringify(sof.cases).includes('Mads Nielsen'), audit: JSON.parse((await auditRows(store)).at(-1).detail) };
}

beforeAll(() => service.start());
afterAll(() => service.stop());
beforeEach(() => {
  service.answers.clear();
  service.tokenEndpoint = 'ok';
  logLines.length = 0;
});

describe('Digitalt Samtykke in a lookup', () => {
  it('given in the service, nothing imported: the full answer, and the audit row names Digitalt Samtykke and the consent’s id', async () => {
    service.answers.set(CITIZENS.shared, GIVEN);
    const { card, sofCaseworkerShown, audit } = await lookUp(await worldStore(withImport(null)), newSource());
    expect(card.consent.text).toBe(nb('Samtykke til deling: givet 1. marts 2025, udløber 1. marts 2026'));
    expect(sofCaseworkerShown).toBe(true);
    expect(audit.consent).toEqual({ state: 'given', givenOn: '2025-03-01', expiresOn: '2026-03-01', source: 'digitalt_samtykke', reference: 'DS-7' });
    expect(audit).not.toHaveProperty('withheld');
  });

  it('withdrawn in the service, given in the import under the same reference: the withdrawal wins', async () => {
    service.answers.set(CITIZENS.shared, WITHDRAWN_DS1);
    const { card, sofCaseworkerShown, audit } = await lookUp(await worldStore(withImport(IMPORTED_GIVEN)), newSource());
    expect(card.consent.text).toBe(nb('Samtykke trukket tilbage 1. maj 2025'));
    expect(sofCaseworkerShown).toBe(false);
    expect(audit).toMatchObject({ consent: { state: 'withdrawn', withdrawnOn: '2025-05-01' }, withheld: ['SOF'] });
  });

  it('withdrawn in the service under another reference, given in the import: either in force is consent in force', async () => {
    service.answers.set(CITIZENS.shared, { consents: [{ ...(WITHDRAWN_DS1 as { consents: any[] }).consents[0], id: 'DS-2' }] });
    const { sofCaseworkerShown, audit } = await lookUp(await worldStore(withImport(IMPORTED_GIVEN)), newSource());
    expect(sofCaseworkerShown).toBe(true);
    expect(audit.consent).toMatchObject({ state: 'given', source: 'import', reference: 'DS-1' });
  });

  it('expired in the service, nothing imported: no consent in force, SOF withheld', async () => {
    service.answers.set(CITIZENS.shared, EXPIRED);
    const { card, sofCaseworkerShown, audit } = await lookUp(await worldStore(withImport(null)), newSource());
    expect(card.consent.text).toBe(nb('Samtykke til deling udløb 1. marts 2025'));
    expect(sofCaseworkerShown).toBe(false);
    expect(audit.consent).toMatchObject({ state: 'expired', source: 'digitalt_samtykke', reference: 'DS-8' });
  });

  const FAILURES = [
    { what: 'HTTP 500', answer: 'server-error', kind: 'server-error' },
    { what: 'no answer (hangs past 1 s)', answer: 'hang', kind: 'timeout' },
    { what: 'malformed JSON', answer: 'malformed-json', kind: 'malformed' },
    { what: 'JSON of the wrong shape', answer: 'wrong-shape', kind: 'malformed' },
    { what: 'a failing token endpoint', answer: GIVEN, token: 'fail', kind: 'token' },
  ] as const;

  it.each(FAILURES)('$what, consent given in the import: answered within 2 s on the import’s consent, the audit row says the service was unavailable', async ({ answer, kind, ...rest }) => {
    service.answers.set(CITIZENS.shared, answer);
    if ('token' in rest) service.tokenEndpoint = rest.token;
    const { card, ms, sofCaseworkerShown, audit } = await lookUp(await worldStore(withImport(IMPORTED_GIVEN)), newSource());
    expect(ms).toBeLessThan(2000);
    expect(card.consent.text).toBe(nb('Samtykke til deling: givet 1. marts 2025, udløber 1. marts 2026'));
    expect(sofCaseworkerShown).toBe(true);
    expect(audit.consent).toEqual({ state: 'given', givenOn: '2025-03-01', expiresOn: '2026-03-01', source: 'import', reference: 'DS-1', unavailable: `digitalt_samtykke: ${kind}` });
  });

  it.each(FAILURES)('$what, nothing imported: answered within 2 s, never as consent — "Samtykket kan ikke slås op lige nu" and SOF withheld', async ({ answer, kind, ...rest }) => {
    service.answers.set(CITIZENS.shared, answer);
    if ('token' in rest) service.tokenEndpoint = rest.token;
    const { card, ms, sofCaseworkerShown, audit } = await lookUp(await worldStore(withImport(null)), newSource());
    expect(ms).toBeLessThan(2000);
    expect(card.consent).toEqual({ text: 'Samtykket kan ikke slås op lige nu', style: 'warning' });
    expect(sofCaseworkerShown).toBe(false);
    expect(audit).toMatchObject({ consent: { state: 'unknown', unavailable: `digitalt_samtykke: ${kind}` }, withheld: ['SOF'] });
  });

  it('a token endpoint that hangs is bounded by the same deadline', async () => {
    service.tokenEndpoint = 'hang';
    const { ms, audit } = await lookUp(await worldStore(withImport(null)), newSource());
    expect(ms).toBeLessThan(2000);
    expect(audit.consent).toEqual({ state: 'unknown', unavailable: 'digitalt_samtykke: timeout' });
  });

  it('each kind of failure is logged once a minute, without the CPR number', async () => {
    const source = newSource();
    const store = await worldStore(withImport(null));
    service.answers.set(CITIZENS.shared, 'server-error');
    await lookUp(store, source);
    await lookUp(store, source);
    service.answers.set(CITIZENS.shared, 'wrong-shape');
    await lookUp(store, source);
    await lookUp(store, source);
    const warnings = logLines.filter((line) => line.consentService);
    expect(warnings.map((line) => line.consentService)).toEqual(['server-error', 'malformed']);
    expect(String(warnings[1]!.error)).toContain('consents.0.givenAt');
    expect(JSON.stringify(logLines)).not.toContain(CITIZENS.shared);
  });
});

describe('the cache and the token', () => {
  it('a citizen’s consents are fetched once while fresh and again when stale; one token serves many searches', async () => {
    let now = 1_000_000;
    const source = newSource({ cacheMs: 5 * 60_000, now: () => now });
    const store = await worldStore(withImport(null));
    service.answers.set(CITIZENS.shared, GIVEN);
    const [searches, tokens] = [service.searches, service.tokensIssued];
    await lookUp(store, source);
    service.answers.set(CITIZENS.shared, WITHDRAWN_DS1);
    expect((await lookUp(store, source)).audit.consent.state).toBe('given');
    expect(service.searches - searches).toBe(1);
    now += 5 * 60_000;
    expect((await lookUp(store, source)).audit.consent.state).toBe('withdrawn');
    expect(service.searches - searches).toBe(2);
    expect(service.tokensIssued - tokens).toBe(1);
  });

  it('a failure is not cached: the next lookup asks again and sees the consent', async () => {
    const source = newSource();
    const store = await worldStore(withImport(null));
    service.answers.set(CITIZENS.shared, 'server-error');
    expect((await lookUp(store, source)).audit.consent.state).toBe('unknown');
    service.answers.set(CITIZENS.shared, GIVEN);
    expect((await lookUp(store, source)).audit.consent.state).toBe('given');
  });
});

describe('configuration', () => {
  const base = { LOCAL_MODE: 'true' };

  it('CONSENT_API_URL unset: consents.csv alone', () => {
    expect(digitaltSamtykkeFromConfig(loadConfig(base), silentLog)).toBeNull();
  });

  it('CONSENT_API_URL with client credentials: the service is used, the cache lasts 5 minutes by default', () => {
    const config = loadConfig({ ...base, CONSENT_API_URL: 'https://samtykke.example.dk/api', CONSENT_API_CLIENT_ID: 'id', CONSENT_API_CLIENT_SECRET: 'secret' });
    expect(config.CONSENT_API_CACHE).toBe(5 * 60_000);
    expect(digitaltSamtykkeFromConfig(config, silentLog)).toBeInstanceOf(DigitaltSamtykkeSource);
  });

  it.each([
    [{ CONSENT_API_URL: 'https://samtykke.example.dk' }, 'CONSENT_API_CLIENT_ID: is required with CONSENT_API_URL (the client credentials Digitalt Samtykke issued)'],
    [{ CONSENT_API_URL: 'http://samtykke.example.dk', CONSENT_API_CLIENT_ID: 'id', CONSENT_API_CLIENT_SECRET: 'secret' }, 'CONSENT_API_URL (got "http://samtykke.example.dk"): must use https (http only for 127.0.0.1 or localhost)'],
    [{ CONSENT_API_URL: 'samtykke', CONSENT_API_CLIENT_ID: 'id', CONSENT_API_CLIENT_SECRET: 'secret' }, 'CONSENT_API_URL (got "samtykke"): must be a URL such as https://samtykke.example.dk'],
    [{ CONSENT_API_CACHE: 'soon' }, 'CONSENT_API_CACHE (got "soon"): must be a duration such as 30m, 2h or 1d'],
  ])('%o is refused: %s', (env, problem) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(problem);
  });
});
