import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messages } from '../../bot/i18n/messages.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { helpSectionsShown, ROLE_COMMANDS } from './help-card.js';
import { buttonTitles, cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld } from './playground-world.js';

const GUIDE_TITLES = (parse(readFileSync(projectFile('data', 'demo', 'guide.csv')), { columns: true }) as { title: string }[]).map((entry) => entry.title);

/** The guide entries a card shows, by their titles in `data/demo/guide.csv`, in the order shown. */
async function entriesShown(card: Locator): Promise<string[]> {
  const lines = (await card.innerText()).split('\n').map((line) => line.trim());
  return lines.filter((line) => GUIDE_TITLES.includes(line));
}

describe('the guide in the Agents Playground (as Anna, a BIF caseworker)', () => {
  const world = usePlaygroundWorld('anna');

  it('"vejviser misbrug" shows SOF\'s addiction centre first, with its contact buttons', async () => {
    const page = await world.openPage();
    const compose = await openPersonalChat(page);
    await say(page, compose, 'vejviser misbrug');
    const card = await cardShowing(page, 'SOF: Rusmiddel og Behandling');
    await saveScreenshot(page, card, 'guide-results');
    const entries = await entriesShown(card);
    expect(entries[0]).toBe('SOF: Rusmiddel og Behandling');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(3);
    const text = await card.innerText();
    expect(text).toContain('misbrug');
    expect(text).toContain('Kontakt: Driftscenter Rusmiddel og Behandling');
    expect(text).not.toMatch(/\bFra 1\.\n/);
    const buttons = await buttonTitles(card);
    expect(buttons.slice(0, 2)).toEqual(['Ring', 'Send mail']);
    await page.context().close();
  }, 90_000);

  it('"Vis flere" replaces the card with the same entries and more', async () => {
    const page = await world.openPage();
    const compose = await openPersonalChat(page);
    await say(page, compose, 'vejviser jobcenter');
    const card = await cardShowing(page, 'Vejviser: "jobcenter"');
    await card.locator('button', { hasText: 'Vis flere' }).waitFor({ timeout: 20_000 });
    const before = await entriesShown(card);
    expect(before).toHaveLength(3);
    await card.locator('button', { hasText: 'Vis flere' }).click();
    // The pressed card is updated in place: it is the only results card for the query, now longer.
    await expect.poll(async () => (await entriesShown(page.locator('.ac-adaptiveCard', { hasText: 'Vejviser: "jobcenter"' }).last())).length, { timeout: 20_000 }).toBeGreaterThan(3);
    expect(await page.locator('.ac-adaptiveCard', { hasText: 'Vejviser: "jobcenter"' }).count()).toBe(1);
    const after = await entriesShown(card);
    expect(after.slice(0, 3)).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
    await saveScreenshot(page, card.getByText(after[3] ?? '', { exact: true }).first(), 'guide-more');
    await page.context().close();
  }, 90_000);

  it('"hjælp" shows the caseworker\'s commands first, with their examples, and no other role\'s commands', async () => {
    const page = await world.openPage();
    const compose = await openPersonalChat(page);
    await say(page, compose, 'hjælp');
    const card = await cardShowing(page, 'Det kan Brobygger');
    await saveScreenshot(page, card, 'help-caseworker');
    expect((await helpSectionsShown(card))[0]).toBe(messages('da').help.lookupTitle);
    const text = await card.innerText();
    expect(text).toMatch(ROLE_COMMANDS.lookup);
    for (const other of [ROLE_COMMANDS.admin, ROLE_COMMANDS.hotlineAgent, ROLE_COMMANDS.specialist, ROLE_COMMANDS.announcer, ROLE_COMMANDS.status]) expect(text).not.toMatch(other);
    expect(text).toContain('vejviser misbrug');
    expect(text).toContain('pr. 01-03-2024');
    // A placeholder such as <begrundelse> stripped in rendering leaves an empty gap inside the quotes.
    expect(text).not.toMatch(/\s"[\s.,;|]|\s\|/);
    await page.context().close();
  }, 90_000);
});
