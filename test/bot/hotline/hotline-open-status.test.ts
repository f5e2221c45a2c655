import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, parseOpeningHours } from '../../../domain/calendar/opening-hours.js';
import type { ChatRequest } from '../../../bot/chat/chat-request.js';
import { chatRoutes } from '../../../bot/compose/chat-routes.js';
import type { Store } from '../../../data/store/store.js';
import { cardOf, chatRequest, handleChat, silentLog, textOf } from '../../support/chat.js';
import { AGENTS, HOTLINE_WORLD_CSV, PEOPLE } from '../../support/hotline-world.js';
import { worldStore } from '../../support/world.js';

function routesWith(openingHours: string) {
  const hours = parseOpeningHours(openingHours);
  if (!hours.ok) throw new Error(hours.problem);
  return chatRoutes({ hotline: { openingHours: hours.value, hotlineUnitId: 'HOTLINE', callCentreUnitId: 'CALL' } });
}

async function say(store: Store, openingHours: string, user: { aadObjectId: string }, text: string, overrides: Partial<ChatRequest> = {}) {
  await store.greetedUsers.markGreeted(user.aadObjectId, new Date(0));
  return (await handleChat(chatRequest(user, text, overrides), { store, log: silentLog }, routesWith(openingHours))).replies;
}

describe('the hotline card says how long it stays open', () => {
  const statusAt = async (openingHours: string, now: string, locale: 'da' | 'en' = 'da') => {
    const store = await worldStore(HOTLINE_WORLD_CSV);
    return cardOf((await say(store, openingHours, PEOPLE.mads, 'hotline', { now: new Date(now), locale }))[0], 'hotline').status;
  };

  it('round the clock: "døgnet rundt", with the closing time when it is within a week (Grundlovsdag)', async () => {
    expect(await statusAt('Mon-Sun 00:00-24:00', '2025-06-02T10:00:00Z')).toBe('Åben nu, døgnet rundt indtil torsdag den 5.\u00a0juni kl. 00.00.');
    expect(await statusAt('Mon-Sun 00:00-24:00', '2025-06-16T10:00:00Z')).toBe('Åben nu, døgnet rundt.');
    expect(await statusAt('Mon-Sun 00:00-24:00', '2025-06-16T10:00:00Z', 'en')).toBe('Open now, around the clock.');
  });

  it('open until 24:00 but not all day: "til midnat", never "til kl. 00.00"', async () => {
    expect(await statusAt('Mon-Fri 08:00-24:00', '2025-06-02T10:00:00Z')).toBe('Åben nu, til midnat.');
    expect(await statusAt('Mon-Fri 08:00-24:00', '2025-06-02T10:00:00Z', 'en')).toBe('Open now, until midnight.');
  });

  it('otherwise the closing time of day', async () => {
    expect(await statusAt(DEFAULT_OPENING_HOURS, '2025-06-02T10:00:00Z')).toBe('Åben nu, til kl. 16.00.');
  });
});

describe('a hotline agent who writes "hotline"', () => {
  it('is told their own status and how to change it, not that the hotline is for SOF staff', async () => {
    const store = await worldStore(HOTLINE_WORLD_CSV);
    const [reply, ...rest] = await say(store, DEFAULT_OPENING_HOURS, AGENTS.agnete, 'hotline');
    expect(rest).toEqual([]);
    expect(textOf(reply)).toBe(
      'Åben nu, til kl. 16.00. Du er hotlinemedarbejder og står som ledig: SOF-medarbejdere, der skriver "hotline", ser dig, mens hotlinen er åben. Skriv "hotline optaget" eller "hotline fri" for at melde fra i dag.',
    );
    await say(store, DEFAULT_OPENING_HOURS, AGENTS.agnete, 'hotline optaget');
    expect(textOf((await say(store, DEFAULT_OPENING_HOURS, AGENTS.agnete, 'hotline'))[0])).toContain('står som optaget i dag, så hotlinekortet viser dig ikke. Skriv "hotline tilgængelig"');
  });

  it('hears when a closed hotline opens, and in English', async () => {
    const store = await worldStore(HOTLINE_WORLD_CSV);
    const closed = textOf((await say(store, DEFAULT_OPENING_HOURS, AGENTS.bent, 'hotline', { now: new Date('2025-06-13T17:00:00Z') }))[0]);
    expect(closed).toMatch(/^Hotlinen er lukket\. Den åbner mandag den 16\.\u00a0juni kl\. 08\.00\. Du er hotlinemedarbejder og står som ledig/);
    await say(store, DEFAULT_OPENING_HOURS, AGENTS.bent, 'hotline fri');
    expect(textOf((await say(store, DEFAULT_OPENING_HOURS, AGENTS.bent, 'hotline', { locale: 'en' }))[0])).toBe(
      'Open now, until 16:00. You are a hotline agent and marked off for the rest of the day, so the hotline card does not show you. Write "hotline available" if you come back.',
    );
  });
});
