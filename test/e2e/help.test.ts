import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardShowing, openPersonalChat, saveScreenshot, say, startPlaygroundWorld, type PlaygroundWorld } from './playground-world.js';

/** Help for a BIF caseworker is in guide.test.ts and for an SOF caseworker in hotline.test.ts (their worlds' users). */
describe('help in the Agents Playground (as Fatima, the specialist unit)', () => {
  let world: PlaygroundWorld;
  beforeAll(async () => {
    world = await startPlaygroundWorld('fatima');
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  });

  it('"hjælp" shows the specialist\'s commands with their placeholders, and no admin commands', async () => {
    const page = await world.openPage({ width: 1400, height: 1400 });
    const compose = await openPersonalChat(page);
    await say(page, compose, 'hjælp');
    const card = await cardShowing(page, 'Det kan Brobygger');
    await saveScreenshot(page, card, 'help-specialist');
    const text = await card.innerText();
    expect(text).toMatch(/"marker 010190-1234 \S+begrundelse\S+"/);
    expect(text).toContain('"status"');
    expect(text).toContain('"meddelelse"');
    expect(text).toMatch(/hvem har \d{6}-\d{4}/);
    // A placeholder such as <begrundelse> stripped in rendering leaves an empty gap inside the quotes.
    expect(text).not.toMatch(/\s"[\s.,;|]|\s\|/);
    expect(text).not.toMatch(/hvidliste|tilknyt|hotline optaget/);
    await page.context().close();
  }, 90_000);
});
