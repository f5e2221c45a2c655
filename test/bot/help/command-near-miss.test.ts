import { beforeEach, describe, expect, it } from 'vitest';
import { commandNearMiss } from '../../../bot/help/command-near-miss.js';
import type { Store } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { PEOPLE, worldStore } from '../../support/world.js';

describe('a one-word near-miss of a command', () => {
  it.each([
    ['hjlp', 'hjælp'],
    ['hjelp', 'hjælp'],
    ['hjæl', 'hjælp'],
    ['Hjlep', 'hjælp'],
    ['hlep', 'help'],
    ['/hjlp?', 'hjælp'],
    ['hotlnie', 'hotline'],
    ['statsu', 'status'],
    ['vejvisr', 'vejviser'],
  ])('"%s" is taken for %s', (message, command) => {
    expect(commandNearMiss(message)).toBe(command);
  });

  it.each(['hjemløs', 'hjem', 'ips', 'kui', 'misbrug', 'hjælp til husleje', 'hjlp mig', 'stofmisbrug', '0101901234', 'hej'])(
    '"%s" is not',
    (message) => {
      expect(commandNearMiss(message)).toBeNull();
    },
  );

  describe('through the route table', () => {
    let store: Store;
    beforeEach(async () => {
      store = await worldStore();
    });

    it('gives the help card for a typo of "hjælp" instead of a guide entry', async () => {
      for (const typo of ['hjlp', 'hjelp', 'hjæl']) {
        const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, typo));
        expect(route, typo).toBe('command-near-miss');
        expect(cardOf(replies[0], 'help').title, typo).toBeTruthy();
        expect(replies, typo).toHaveLength(1);
      }
    });

    it('asks about a typo of another command rather than running it, in Danish and English', async () => {
      expect(textOf((await ask(store, chatRequest(PEOPLE.anna, 'hotlnie'))).replies[0])).toBe('Mente du "hotline"? Skriv "hotline", eller "hjælp" for at se, hvad jeg kan.');
      expect(textOf((await ask(store, chatRequest(PEOPLE.anna, 'vejvisr', { locale: 'en' }))).replies[0])).toBe('Did you mean "guide"? Write "guide", or "help" to see what I can do.');
    });

    it('leaves one-word questions and commands themselves where they were', async () => {
      expect((await ask(store, chatRequest(PEOPLE.anna, 'hjælp'))).route).toBe('help');
      expect((await ask(store, chatRequest(PEOPLE.anna, 'hotline'))).route).toBe('hotline');
      expect((await ask(store, chatRequest(PEOPLE.anna, 'misbrug'))).route).toBe('guide-fallback');
    });
  });
});
