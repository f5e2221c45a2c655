import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benefitStopped, postEvent, signedEvent } from '../support/signed-event.js';
import { cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld } from './playground-world.js';

/**
 * The whole path a caseworker takes: the real bot with the demo data, the Microsoft 365 Agents Playground
 * emulating Teams, and headless Chromium typing into it.
 */
describe('end to end in the Agents Playground', () => {
  describe('as Anna, a BIF caseworker', () => {
    const world = usePlaygroundWorld('anna');

    it('a BIF caseworker looks up a shared citizen and gets the answer card', async () => {
      // Tall enough for the whole card, the citizen's name at its top included, in the screenshot.
      const page = await world.openPage({ width: 1400, height: 1200 });
      const compose = await openPersonalChat(page);

      // Opening the app installs it in the personal chat: Brobygger greets once.
      await page.locator('.ac-adaptiveCard', { hasText: 'Velkommen til Brobygger' }).first().waitFor({ timeout: 20_000 });

      await say(page, compose, 'hvem har 120385-1127?');
      const answer = await cardShowing(page, 'Hvem har borgeren?');
      const text = await answer.innerText();
      expect(text).toContain('Birte Prøvegaard');
      expect(text).toContain('120385-xxxx');
      expect(text).toContain('Mads Nielsen');
      expect(text).toContain('Grøn linie');
      expect(text).not.toContain('120385-1127');
      expect(await answer.locator('.ac-actionSet button', { hasText: 'Chat i Teams' }).count()).toBeGreaterThan(0);

      expect(existsSync(await saveScreenshot(page, answer, 'lookup-card'))).toBe(true);
      await page.context().close();
    }, 90_000);
  });

  // The Playground's current user is fixed when it starts, so the claim is made in a world of its own, as Mads.
  describe('as Mads, a caseworker in the SOF team the alert is routed to', () => {
    const world = usePlaygroundWorld('mads');

    it('a benefit-stop alert lands in the SOF team’s channel and is claimed there by the team’s caseworker', async () => {
      const page = await world.openPage({ width: 1400, height: 1200 });
      await page.getByRole('treeitem', { name: /SOF Team Voksenrådgivning/ }).first().click({ timeout: 30_000 });
      // The Playground shows what arrives while the page is open: the event is sent now, about a benefit stopped
      // today, so the alert's date and the stop date are the same day.
      const now = new Date();
      const today = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now).map((part) => [part.type, part.value]));
      const stopped = benefitStopped('1203851127', { stop_date: `${today.year}-${today.month}-${today.day}`, bif_caseworker_id: 'E-BIF-001' });
      const request = signedEvent({ ...stopped, timestamp: now.toISOString() });
      expect((await postEvent(world.botBaseUrl, request)).status).toBe(202);
      const card = await cardShowing(page, 'Ydelsen er stoppet');
      const text = await card.innerText();
      expect(text).toContain('Birte Prøvegaard · 120385-xxxx');
      expect(text).toContain('Grøn linie');
      expect(text).not.toContain('1203851127');
      const day = Number(today.day);
      const month = (style: 'short' | 'long') => new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', month: style }).format(now);
      expect(text).toContain(`Advis fra BIF · ${day}. ${month('short')} ${today.year}`);
      expect(text).toMatch(new RegExp(`Stopdato\\s+${day}\\.\\s${month('long')} ${today.year}`));
      // Both caseworkers' numbers (data/demo/employees.csv), their pairs joined by no-break spaces: never wrapped mid-number.
      expect(text).toContain('Anna Jensen, Team Aktivitetsparate Nørrebro/Bispebjerg · 33\u00a000\u00a050\u00a001');
      expect(text).toContain('· 33\u00a000\u00a060\u00a001');
      await card.locator('button', { hasText: 'Jeg tager den' }).click();
      const claimed = await cardShowing(page, 'Taget af Mads Nielsen');
      await saveScreenshot(page, claimed, 'alert-card');
      await page.context().close();
    }, 90_000);
  });
});
