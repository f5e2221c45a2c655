import { describe, expect, it } from 'vitest';
import { messages } from '../../bot/i18n/messages.js';
import { helpSectionsShown, ROLE_COMMANDS } from './help-card.js';
import { cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld } from './playground-world.js';

const help = messages('da').help;

describe('Brobygger\'s administrator in the Agents Playground (as Lars)', () => {
  const world = usePlaygroundWorld('lars');

  it('the welcome tells the admin what an admin does, not to look up a CPR number', async () => {
    const page = await world.openPage();
    await openPersonalChat(page);
    const welcome = await cardShowing(page, 'Velkommen til Brobygger');
    await saveScreenshot(page, welcome, 'welcome-admin');
    const text = await welcome.innerText();
    expect(text).toContain('"@Brobygger tilknyt ‹enheds-id›"');
    expect(text).toContain('"meddelelse"');
    expect(text).toContain('"vejviser misbrug"');
    expect(text).not.toMatch(/CPR|logges/);
    await page.context().close();
  }, 90_000);

  it('"hjælp" shows the admin\'s commands (announcements, administration) first, with their placeholders, and no other role\'s commands', async () => {
    const page = await world.openPage({ width: 1400, height: 1200 });
    const compose = await openPersonalChat(page);
    await say(page, compose, 'hjælp');
    const card = await cardShowing(page, help.title);
    await saveScreenshot(page, card, 'help-admin');
    expect(await helpSectionsShown(card)).toEqual([help.announcementsTitle, help.guideReportTitle, help.adminTitle, help.guideTitle]);
    const text = await card.innerText();
    expect(text).toMatch(ROLE_COMMANDS.admin);
    expect(text).toMatch(ROLE_COMMANDS.announcer);
    expect(text).toMatch(ROLE_COMMANDS.guideReport);
    expect(text).toContain('"vejviser rapport ‹dage›"');
    expect(text).toContain('"@Brobygger tilknyt ‹enheds-id›"');
    expect(text).toContain('"advis gensend ‹nr›"');
    expect(text).toContain('"hotline hvidliste" viser hotlinens hvidliste, og hvordan du tilføjer eller fjerner');
    for (const other of [ROLE_COMMANDS.hotlineAgent, ROLE_COMMANDS.specialist, ROLE_COMMANDS.status, ROLE_COMMANDS.lookup]) expect(text).not.toMatch(other);
    expect(text).not.toMatch(/\s"[\s.,;|]|\s\|/);

    // What the help promises: "hotline hvidliste" shows the list and how to change it.
    await say(page, compose, 'hotline hvidliste');
    const whitelist = await cardShowing(page, 'Alle ansatte i SOF-enheder er med automatisk');
    expect(await whitelist.innerText()).toContain('"hotline hvidliste tilføj ‹nummer eller objekt-id› ‹note›"');
    await page.context().close();
  }, 90_000);
});
