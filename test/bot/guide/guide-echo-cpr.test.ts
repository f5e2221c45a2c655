import { beforeAll, describe, expect, it } from 'vitest';
import { containsCpr } from '../../../domain/cpr/find-cpr.js';
import { renderCard } from '../../../cards/render-card.js';
import type { Store } from '../../../data/store/store.js';
import { ask, cardOf, chatRequest, textOf } from '../../support/chat.js';
import { GUIDE_WORLD_CSV } from '../../support/guide-world.js';
import { PEOPLE, worldStore } from '../../support/world.js';

describe('the guide repeats a query with any CPR number masked', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(GUIDE_WORLD_CSV);
  });

  it.each([
    ['vejviser misbrug 12.03.85-1127', 'misbrug 120385-xxxx'],
    ['vejviser misbrug 12/03/85 1127', 'misbrug 120385-xxxx'],
    ['vejviser misbrug \uFF11\uFF12\uFF10\uFF13\uFF18\uFF15\uFF0D\uFF11\uFF11\uFF12\uFF17', 'misbrug 120385-xxxx'],
    ['vejviser misbrug 1203\u200B851127', 'misbrug 120385-xxxx'],
  ])('"%s" in the rendered results card and its "vis flere" data', async (message, shown) => {
    const { route, replies } = await ask(store, chatRequest(PEOPLE.anna, message));
    expect(route).toBe('guide');
    const data = cardOf(replies[0], 'guide-results');
    expect(data.title).toContain(`"${shown}"`);
    const rendered = JSON.stringify(renderCard('guide-results', data));
    expect(rendered).toContain(shown);
    expect(containsCpr(rendered)).toBe(false);
    expect(rendered).not.toContain('1127');
  });

  it('"vis flere" with a CPR number forged into its data still shows it masked', async () => {
    const { replies } = await ask(store, chatRequest(PEOPLE.anna, '', { cardAction: { verb: 'guide.more', data: { query: 'misbrug 1203851127', asOf: '2025-06-02', shown: 1 } } }));
    const rendered = JSON.stringify(renderCard('guide-results', cardOf(replies[0], 'guide-results')));
    expect(rendered).toContain('misbrug 120385-xxxx');
    expect(rendered).not.toContain('1203851127');
  });

  it('the no-results answer masks it too', async () => {
    const { replies } = await ask(store, chatRequest(PEOPLE.anna, 'vejviser 12.03.85-1127'));
    expect(textOf(replies[0])).toContain('"120385-xxxx"');
    expect(textOf(replies[0])).not.toContain('1127');
  });
});
