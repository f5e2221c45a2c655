import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buttonTitles, cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld } from './playground-world.js';
import { monthOfLabel, statusCardShown } from './status-card.js';

/** The month labels on the card's charts' x axes (e.g. "nov. 25", "dec."), as month numbers 0–11 in the order drawn. */
async function monthsDrawn(card: Locator): Promise<number[]> {
  const lines = (await card.innerText()).split('\n').map((line) => line.trim().toLowerCase());
  return lines.map(monthOfLabel).filter((month) => month >= 0);
}

/** Help for a BIF caseworker is in guide.test.ts and for an SOF caseworker in hotline.test.ts (their worlds' users). */
describe('the specialist unit in the Agents Playground (as Fatima)', () => {
  const world = usePlaygroundWorld('fatima');

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
    expect(text).toContain('"vejviser rapport ‹dage›"');
    expect(text).toMatch(/hvem har \d{6}-\d{4}/);
    // A placeholder such as <begrundelse> stripped in rendering leaves an empty gap inside the quotes.
    expect(text).not.toMatch(/\s"[\s.,;|]|\s\|/);
    expect(text).not.toMatch(/hvidliste|tilknyt|hotline optaget/);
    await page.context().close();
  }, 90_000);

  it('"status" shows the latest whole month\'s figures and charts whose months run in calendar order', async () => {
    const { page, card } = await statusCardShown(world, 'status-card');
    const text = await card.innerText();
    expect(text).toMatch(/Status på strategiens mål – \S+ \d{4}/);
    expect(text).toContain('Fællesborgere i');
    expect(text).toContain('Tilbud om social handleplan');
    expect(text).toContain('Aktiveringsgrad i');
    // The rate chart (the last 6 months), then the shared-citizens bars (all 12), every month the one after the one before.
    const months = await monthsDrawn(card);
    expect(months).toHaveLength(18);
    for (const chart of [months.slice(0, 6), months.slice(6)]) {
      expect(chart.slice(1).every((month, i) => month === ((chart[i] ?? -1) + 1) % 12)).toBe(true);
    }
    await page.context().close();
  }, 90_000);

  it('an announcement to all of SOF: form, preview, send, the report, "Læst" in the channel counted in the report', async () => {
    const title = 'Nyt telefonnummer til Entydig indgang';
    const page = await world.openPage({ width: 1400, height: 1600 });
    const compose = await openPersonalChat(page);
    await say(page, compose, 'meddelelse');
    const form = await cardShowing(page, 'Vis eksempel');
    await form.locator('input[type=text]').first().fill(title);
    await form.locator('textarea').first().fill('Fra mandag ringer I til **33 00 70 00**.');
    await form.getByRole('checkbox', { name: 'Hele SOF' }).check();
    await form.locator('button', { hasText: 'Vis eksempel' }).click();

    const preview = await cardShowing(page, 'Eksempel: sådan ser meddelelsen ud');
    await saveScreenshot(page, preview, 'announcement-preview');
    const previewText = await preview.innerText();
    expect(previewText).toContain(title);
    expect(previewText).toContain('Fra mandag ringer I til 33 00 70 00.');
    expect(previewText).toMatch(/Modtagere\s+Hele SOF/);
    expect(await buttonTitles(preview)).toEqual(expect.arrayContaining(['Send', 'Ret', 'Annullér']));
    await preview.locator('button', { hasText: /^Send$/ }).click();

    const report = await cardShowing(page, `Leveringsrapport: ${title}`);
    await expect.poll(async () => report.innerText(), { timeout: 20_000 }).toMatch(/Leveret\s+1\b/);
    expect(await report.innerText()).toMatch(/Markeret læst\s+0\b/);
    await saveScreenshot(page, report, 'announcement-report');

    await page.getByRole('treeitem', { name: /SOF Team Voksenrådgivning/ }).first().click();
    const delivered = await cardShowing(page, title);
    expect(await delivered.innerText()).toContain('Fra Specialenheden BIF–SOF');
    await saveScreenshot(page, delivered, 'announcement-channel');
    await delivered.locator('button', { hasText: 'Læst' }).click();
    // The presser's own view of the card says when they marked it read, in place of the button.
    const confirmed = await cardShowing(page, 'Du har markeret meddelelsen som læst');
    expect(await confirmed.innerText()).toContain(title);
    expect(await confirmed.innerText()).toMatch(/Du har markeret meddelelsen som læst \d{1,2}\.\s\S+ \d{4} kl\. \d{2}\.\d{2}\./);
    expect(await buttonTitles(confirmed)).not.toContain('Læst');
    await saveScreenshot(page, confirmed, 'announcement-read');

    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    await expect.poll(async () => page.locator('.ac-adaptiveCard', { hasText: `Leveringsrapport: ${title}` }).last().innerText(), { timeout: 20_000 }).toMatch(/Markeret læst\s+1\b/);
    await page.context().close();
  }, 90_000);
});
