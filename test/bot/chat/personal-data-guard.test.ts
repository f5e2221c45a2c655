import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { ask, chatRequest, textOf } from '../../support/chat.js';
import { PEOPLE, worldStore } from '../../support/world.js';

describe('a CPR number in a channel or group chat', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore();
  });

  it.each([
    ['vejviser misbrug 12.03.85-1127'],
    ['hvem har cpr0101901234'],
    ['hvem har \uFF10\uFF11\uFF10\uFF11\uFF19\uFF10\uFF0D\uFF11\uFF12\uFF13\uFF14'],
    ['hvem har 0101\u200B901234'],
    ['hotline 010190\u20131234'],
    ['status 010190\u00A01234'],
    ['010190-123'],
  ])('"%s" is turned away before any command reads it', async (message) => {
    for (const scope of ['channel', 'groupChat'] as const) {
      const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, message, { scope }));
      expect(route).toBe('personal-data-outside-personal-chat');
      expect(textOf(replies[0])).toContain('kun på opslag om borgere i en 1:1-chat');
    }
  });

  it('an id or a phone number in a channel message is not taken for one', async () => {
    const { route } = await ask(store, chatRequest(PEOPLE.anna, 'vejviser misbrug ab010190-1234-4321-8765-aa0101901234 +45 33 66 33 66', { scope: 'channel' }));
    expect(route).toBe('guide');
  });
});
