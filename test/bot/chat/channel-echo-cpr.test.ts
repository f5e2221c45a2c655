import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../data/store/store.js';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS } from '../../support/alert-world.js';
import { ask, chatRequest, textOf } from '../../support/chat.js';
import { worldStore } from '../../support/world.js';

/** The admin commands come before the personal-data guard, and answer in the channel: what they repeat is masked. */
describe('an admin command repeating its argument in a channel', () => {
  let store: Store;
  beforeAll(async () => {
    store = await worldStore(ALERT_WORLD_CSV);
  });

  it.each([
    ['tilknyt 0101901234'],
    ['advis gensend 0101901234'],
  ])('"%s" answers with the number masked', async (message) => {
    const { replies } = await ask(store, chatRequest(ALERT_PEOPLE.adam, message, { scope: 'channel', conversationId: CHANNELS.rusTeamA }));
    expect(textOf(replies[0])).toContain('010190-xxxx');
    expect(textOf(replies[0])).not.toContain('0101901234');
  });

  it('"advis fejlet" lists a send error with a CPR number in it masked', async () => {
    const id = (await store.outbox.enqueue({ dedupeKey: 'cpr-in-error', operation: 'post', conversationId: CHANNELS.rusTeamA, message: { kind: 'static', reply: { kind: 'text', text: 'x' } }, purpose: 'alert', now: new Date('2025-06-02T10:00:00Z') }))!;
    await store.outbox.finish(id, 'dead', '400 BadArgument: text "hvem har 010190-1234" rejected');
    const { replies } = await ask(store, chatRequest(ALERT_PEOPLE.adam, 'advis fejlet', { scope: 'channel', conversationId: CHANNELS.rusTeamA }));
    const shown = JSON.stringify(replies);
    expect(shown).toContain('hvem har 010190-xxxx');
    expect(shown).not.toContain('010190-1234');
  });
});
