import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { messages } from '../../../bot/i18n/messages.js';
import { findCprSpellings } from '../../../domain/cpr/find-cpr.js';
import { welcomeCard } from '../../../bot/welcome/welcome-card.js';
import { ask, cardOf, chatRequest, handleChat, silentLog } from '../../support/chat.js';
import { DEMO_CSV } from '../../support/demo-world.js';
import { worldStore } from '../../support/world.js';

/** Anna Jensen in data/demo/DEMO.md: the user `npm run dev` chats as. */
const DEMO_ANNA = { aadObjectId: 'b1f00000-0000-4000-8000-000000000001', name: 'Anna Jensen' };

describe('the welcome card', () => {
  it.each(['da', 'en'] as const)('suggests a CPR number (%s) that the demo user can look up in the demo data', async (locale) => {
    const now = new Date('2026-11-26T10:00:00Z');
    const store = await worldStore(DEMO_CSV, now);
    const welcome = welcomeCard(locale, 'personal', null);
    const lines = (welcome.kind === 'card' ? (welcome.data.lines as string[]) : []).join(' ');
    const example = lines.match(/"([^"]*\d{6}-\d{4}[^"]*)"/)![1]!;
    expect(findCprSpellings(example)).toHaveLength(1);
    const { route, replies } = await ask(store, chatRequest(DEMO_ANNA, example, { now, locale }));
    expect(route).toBe('citizen-lookup');
    expect(cardOf(replies[0], 'citizen-lookup').citizen.name).toBe('Birte Prøvegaard');
  });

  it('states the lookup rule for caseworkers and the specialist unit alike (the general welcome, for someone not registered)', () => {
    const welcome = welcomeCard('da', 'personal', null);
    const lines = (welcome.kind === 'card' ? (welcome.data.lines as string[]) : []).join(' ');
    expect(lines).toContain('specialenheden kan slå fællesborgere op');
    expect(lines).not.toContain('Du kan kun slå borgere op, som din forvaltning');
  });
});

/** Demo users (data/demo/DEMO.md), greeted at their first message in 1:1 chat. */
const DEMO_USERS = {
  anna: { aadObjectId: 'b1f00000-0000-4000-8000-000000000001', name: 'Anna Jensen' },
  mads: { aadObjectId: '50f00000-0000-4000-8000-000000000002', name: 'Mads Nielsen' },
  fatima: { aadObjectId: '5ec00000-0000-4000-8000-000000000003', name: 'Fatima Ahmadi' },
  birgitte: { aadObjectId: 'c5cd34a9-c134-460b-b2e9-7956c6eee6ce', name: 'Birgitte Holm' },
  hanne: { aadObjectId: '4ae7fcb1-4899-4c3b-9061-348cf1caa528', name: 'Hanne Poulsen' },
  lars: { aadObjectId: '16f35590-1b71-42b4-b0ac-5d7023662482', name: 'Lars Bøgh' },
  jonas: { aadObjectId: 'e0000000-0000-4000-8000-000000000004', name: 'Jonas Berg' },
};

describe('the welcome card fits the reader\'s roles', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  let store: Store;
  // A fresh store per test: each user is welcomed once only.
  beforeEach(async () => {
    store = await worldStore(DEMO_CSV, now);
  });
  const welcomeLines = async (user: { aadObjectId: string; name: string }, locale: 'da' | 'en' = 'da') => {
    const { replies } = await handleChat(chatRequest(user, locale === 'da' ? 'hej' : 'hi', { now, locale }), { store, log: silentLog });
    return cardOf(replies[0], 'welcome').lines as string[];
  };
  const da = messages('da').welcome;

  it.each([
    ['a BIF caseworker (Anna)', DEMO_USERS.anna],
    ['an SOF caseworker (Mads)', DEMO_USERS.mads],
    ['the specialist unit (Fatima)', DEMO_USERS.fatima],
    ['someone not registered (Jonas): the general welcome', DEMO_USERS.jonas],
  ])('%s is shown how to look a citizen up, and the lookup rule', async (_, user) => {
    expect(await welcomeLines(user)).toEqual([da.tryIt, da.privacy]);
  });

  it('a hotline agent (Hanne) is told her hotline commands and the guide, not to look anyone up', async () => {
    const lines = await welcomeLines(DEMO_USERS.hanne);
    expect(lines).toEqual([da.hotlineAgent, da.guide, da.helpHint]);
    expect(lines.join(' ')).toContain('"hotline optaget"');
    expect(lines.join(' ')).not.toMatch(/CPR|slå .* op|logges/);
  });

  it('an administrator (Lars) is told the announcements, channel linking and failed alerts, not to look anyone up', async () => {
    const lines = await welcomeLines(DEMO_USERS.lars);
    expect(lines).toEqual([da.admin, da.guide, da.helpHint]);
    expect(lines.join(' ')).toContain('"@Brobygger tilknyt ‹enheds-id›"');
    expect(lines.join(' ')).not.toMatch(/CPR|slå .* op|logges/);
  });

  it('a manager without a lookup role (Birgitte) is told "status" and the guide', async () => {
    expect(await welcomeLines(DEMO_USERS.birgitte)).toEqual([da.manager, da.guide, da.helpHint]);
  });

  it('in English too', async () => {
    const lines = await welcomeLines(DEMO_USERS.lars, 'en');
    const en = messages('en').welcome;
    expect(lines).toEqual([en.admin, en.guide, en.helpHint]);
    expect(lines.join(' ')).not.toMatch(/CPR/);
  });
});
