import { describe, expect, it } from 'vitest';
import { toCopenhagen } from '../../domain/calendar/copenhagen-time.js';
import { buttonTitles, cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld, type PlaygroundWorld } from './playground-world.js';

// BIF-HOTLINE in data/demo/units.csv, its pairs joined by no-break spaces so the card never wraps it mid-number.
const HOTLINE_NUMBER = '33\u00a000\u00a015\u00a015';
const AGENTS = ['Hanne Poulsen', 'Kasper Lauridsen', 'Yasmin Ali', 'Tobias Winther']; // hotline_agent in employees.csv
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Opening hours on a weekday three days from today (Copenhagen), so the hotline is closed whenever the test runs. */
function closedToday(): string {
  const { weekday } = toCopenhagen(new Date());
  return `${DAY_NAMES[(weekday - 1 + 3) % 7]} 08:00-16:00`;
}

async function askHotline(world: PlaygroundWorld, screenshot: string) {
  const page = await world.openPage({ width: 1400, height: 1100 });
  const compose = await openPersonalChat(page);
  await say(page, compose, 'hotline');
  const card = await cardShowing(page, HOTLINE_NUMBER);
  await saveScreenshot(page, card, screenshot);
  return { page, card, text: await card.innerText() };
}

describe('the hotline in the Agents Playground (as Mads, an SOF caseworker)', () => {
  describe('open round the clock', () => {
    const world = usePlaygroundWorld('mads', { HOTLINE_OPENING_HOURS: 'Mon-Sun 00:00-24:00' });

    it('"hotline" gives the direct number, that it is open, and the agents free now with their buttons', async () => {
      const { page, card, text } = await askHotline(world, 'hotline-open');
      expect(text).toContain('Hotline til BIF');
      expect(text).toMatch(new RegExp(`Hotlinens direkte nummer\\s+${HOTLINE_NUMBER}`));
      expect(text).toMatch(/[Åå]ben/);
      expect(text).toContain('døgnet rundt');
      expect(text).not.toContain('00.00');
      expect(text).not.toMatch(/lukket/);
      expect(text).toContain('Ledige medarbejdere lige nu');
      const shown = AGENTS.filter((name) => text.includes(name));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThanOrEqual(3);
      expect((await buttonTitles(card)).length).toBeGreaterThan(shown.length);
      await page.context().close();
    }, 90_000);

    it('"hjælp" for an SOF caseworker has the hotline and the alerts, not the agents\' or the admins\' commands', async () => {
      const page = await world.openPage();
      const compose = await openPersonalChat(page);
      await say(page, compose, 'hjælp');
      const card = await cardShowing(page, 'Det kan Brobygger');
      await saveScreenshot(page, card, 'help-sof-caseworker');
      const text = await card.innerText();
      expect(text).toMatch(/hvem har \d{6}-\d{4}/);
      expect(text).toContain('"hotline sygedagpenge"');
      expect(text).toContain('Jeg tager den');
      expect(text).toContain('"vejviser enkeltydelser"'); // the guide's examples are BIF's topics, not his own
      expect(text).not.toMatch(/hotline optaget|hvidliste|tilknyt|advis gensend|marker 010190/);
      await page.context().close();
    }, 90_000);
  });

  describe('closed today', () => {
    const world = usePlaygroundWorld('mads', { HOTLINE_OPENING_HOURS: closedToday() });

    it('"hotline" gives the direct number, says it is closed and when it opens, and names no agent', async () => {
      const { page, text } = await askHotline(world, 'hotline-closed');
      expect(text).toContain('Hotline til BIF');
      expect(text).toMatch(new RegExp(`Hotlinens direkte nummer\\s+${HOTLINE_NUMBER}`));
      expect(text).toMatch(/Hotlinen er lukket\.\s+Den åbner\s+\S+dag\s+den\s+\d+\.\s+\S+\s+kl\.\s+08\.00/);
      expect(AGENTS.filter((name) => text.includes(name))).toEqual([]);
      await page.context().close();
    }, 90_000);
  });
});
