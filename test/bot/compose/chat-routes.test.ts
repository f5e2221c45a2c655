import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { ROUTES } from '../../../bot/compose/chat-routes.js';
import { MAX_MESSAGE_LENGTH } from '../../../bot/guards/guard-routes.js';
import { ask, cardOf, chatRequest, handleChat, silentLog, textOf } from '../../support/chat.js';
import { sqlValue } from '../../support/raw-sql.js';
import { PEOPLE, worldStore } from '../../support/world.js';

describe('the route table', () => {
  it('has a fixed precedence: card actions, guards, help, commands, lookup, then the guide for anything else', () => {
    expect(ROUTES.map((route) => route.name)).toEqual([
      'card-action',
      'empty-message',
      'too-long',
      'help',
      'channel-link',
      'dead-letters',
      'announcement',
      'announcement-reports',
      'personal-data-outside-personal-chat',
      'hotline',
      'status',
      'sample-check',
      'guide-report',
      'guide',
      'shared-citizen-marking',
      'citizen-lookup',
      'command-near-miss',
      'guide-fallback',
    ]);
  });

  describe('routing', () => {
    let store: Store;
    beforeEach(async () => {
      store = await worldStore();
    });

    it.each([
      ['hjælp', 'help'],
      ['HELP', 'help'],
      ['?', 'help'],
      ['marker 0101901234 fordi', 'shared-citizen-marking'],
      ['hvem har 0101901234', 'citizen-lookup'],
      ['godmorgen', 'guide-fallback'],
      ['hotline', 'hotline'],
      ['hotline sygedagpenge', 'hotline'],
      ['vejviser misbrug', 'guide'],
      ['', 'empty-message'],
    ])('"%s" goes to %s', async (text, route) => {
      expect((await ask(store, chatRequest(PEOPLE.anna, text))).route).toBe(route);
    });

    it('answers an empty message with a hint', async () => {
      expect(textOf((await ask(store, chatRequest(PEOPLE.anna, ''))).replies[0])).toContain('Din besked var tom');
    });

    it('answers a 1 MB message politely without parsing it', async () => {
      const huge = `hvem har 0101901234 ${'x'.repeat(1024 * 1024)}`;
      const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, huge));
      expect(route).toBe('too-long');
      expect(textOf(replies[0])).toBe(`Din besked er for lang til mig (over ${MAX_MESSAGE_LENGTH} tegn). Skriv kort, fx "hvem har 010190-1234".`);
      expect(await sqlValue(store, 'SELECT count(*) FROM audit_log')).toBe(0);
    });

    it('turns away a CPR number in a channel or group chat without looking it up', async () => {
      for (const scope of ['channel', 'groupChat'] as const) {
        const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, 'hvem har 0101901234', { scope }));
        expect(route).toBe('personal-data-outside-personal-chat');
        expect(textOf(replies[0])).toContain('kun på opslag om borgere i en 1:1-chat');
      }
      expect(await sqlValue(store, 'SELECT count(*) FROM audit_log')).toBe(0);
    });

    it('greets a user with the welcome card on their first message, once', async () => {
      const first = await handleChat(chatRequest(PEOPLE.anna, 'hjælp'), { store, log: silentLog });
      expect(first.replies.map((reply) => (reply.kind === 'text' ? 'text' : reply.card))).toEqual(['welcome', 'help']);
      expect(cardOf(first.replies[0], 'welcome').title).toBe('Velkommen til Brobygger');
      const second = await handleChat(chatRequest(PEOPLE.anna, 'hjælp'), { store, log: silentLog });
      expect(second.replies.map((reply) => (reply.kind === 'text' ? 'text' : reply.card))).toEqual(['help']);
    });
  });
});
