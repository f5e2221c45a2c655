import { describe, expect, it } from 'vitest';
import { importFolder } from '../../../data/import/import-folder.js';
import { openDatabase } from '../../../data/store/open-database.js';
import { createStore } from '../../../data/store/store.js';
import { projectFile } from '../../../bot/project-root.js';
import { findCprSpellings } from '../../../bot/cpr/find-cpr.js';
import { welcomeCard } from '../../../bot/welcome/welcome-card.js';
import { ask, cardOf, chatRequest } from '../../support/chat.js';

/** Anna Jensen in data/demo/DEMO.md: the user `npm run dev` chats as. */
const DEMO_ANNA = { aadObjectId: 'b1f00000-0000-4000-8000-000000000001', name: 'Anna Jensen' };

describe('the welcome card', () => {
  it.each(['da', 'en'] as const)('suggests a CPR number (%s) that the demo user can look up in the demo data', async (locale) => {
    const now = new Date('2026-11-26T10:00:00Z');
    const db = openDatabase(':memory:');
    expect((await importFolder(db, projectFile('data', 'demo'), { now })).ok).toBe(true);
    const store = createStore(db);
    const welcome = welcomeCard(locale, 'personal');
    const lines = (welcome.kind === 'card' ? (welcome.data.lines as string[]) : []).join(' ');
    const example = lines.match(/"([^"]*\d{6}-\d{4}[^"]*)"/)![1]!;
    expect(findCprSpellings(example)).toHaveLength(1);
    const { route, replies } = await ask(store, chatRequest(DEMO_ANNA, example, { now, locale }));
    expect(route).toBe('citizen-lookup');
    expect(cardOf(replies[0], 'citizen-lookup').citizen.name).toBe('Birte Prøvegaard');
  });

  it('states the lookup rule for caseworkers and the specialist unit alike (it is shown before the bot knows who reads it)', () => {
    const welcome = welcomeCard('da', 'personal');
    const lines = (welcome.kind === 'card' ? (welcome.data.lines as string[]) : []).join(' ');
    expect(lines).toContain('specialenheden kan slå fællesborgere op');
    expect(lines).not.toContain('Du kan kun slå borgere op, som din forvaltning');
  });
});
