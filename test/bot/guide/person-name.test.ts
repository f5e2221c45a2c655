import { beforeAll, describe, expect, it } from 'vitest';
import { namesAPerson, replacePersonNames } from '../../../bot/guide/person-name.js';
import type { Store } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { demoGuideStore } from '../../guide/guide-quality.js';
import { PEOPLE } from '../../support/world.js';

const HINT = 'Spørger du om en bestemt borger? Vejviseren kender ingen personer ved navn. Skriv borgerens CPR-nummer, fx "hvem har 010190-1234", så får du borgerens sagsbehandlere i BIF og SOF.';

describe('a guide question that names a person', () => {
  let store: Store;
  let terms: ReadonlyMap<string, number>;
  beforeAll(async () => {
    store = await demoGuideStore();
    terms = (await store.guide.vocabularyTerms()).terms;
  });

  it.each(['sagsbehandler på Birte Prøvegaard', 'hvem er Anna Jensen?', 'Ole Hansen-Berg sagsbehandler', 'kontakt til (Birte Prøvegaard)'])('"%s" names a person', (question) => {
    expect(namesAPerson(question, terms)).toBe(true);
  });

  it.each([
    'Jobcenter København',
    'Gammel Køge Landevej',
    'Rusmiddel og Behandling',
    'Hjemløshed og Bolig',
    'hvem er sagsbehandler på birte prøvegaard',
    'SOF BIF hotline',
    'Step Up',
    'Reconnect',
    'Hvem Er',
  ])('"%s" does not', (question) => {
    expect(namesAPerson(question, terms)).toBe(false);
  });

  it('gets a hint to look up by CPR number before the guide’s answer', async () => {
    const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, 'sagsbehandler på Birte Prøvegaard'));
    expect(route).toBe('guide-fallback');
    expect(textOf(replies[0])).toBe(HINT);
    expect(cardOf(replies[1], 'guide-results').results.length).toBeGreaterThan(0);
  });

  it('gets only the hint when the guide finds nothing, and no hint for an ordinary question', async () => {
    expect((await ask(store, chatRequest(PEOPLE.anna, 'Birte Prøvegaard'))).replies.map(textOf)).toEqual([HINT]);
    const plain = await ask(store, chatRequest(PEOPLE.anna, 'hvem tager sig af hjemløse'));
    expect(plain.replies.map((reply) => reply.kind)).toEqual(['card']);
  });

  it.each([
    ['sagsbehandler på Birte Prøvegaard', 'sagsbehandler på [navn]'],
    ['hvem er Anna Marie Jensen?', 'hvem er [navn]?'],
    ['kontakt til (Birte Prøvegaard) i Jobcenter København', 'kontakt til ([navn]) i Jobcenter København'],
    ['Ole Hansen-Berg og Birte Prøvegaard', '[navn] og [navn]'],
    ['Jobcenter København  Reconnect', 'Jobcenter København  Reconnect'],
  ])('the search log keeps "%s" as "%s"', (question, kept) => {
    expect(replacePersonNames(question, terms, '[navn]')).toBe(kept);
  });
});
