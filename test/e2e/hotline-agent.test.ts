import { describe, expect, it } from 'vitest';
import { messages } from '../../bot/i18n/messages.js';
import { helpSectionsShown, ROLE_COMMANDS } from './help-card.js';
import { cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld } from './playground-world.js';

const help = messages('da').help;

describe('a BIF hotline agent in the Agents Playground (as Hanne)', () => {
  const world = usePlaygroundWorld('hanne');

  it('the welcome tells the hotline agent her hotline commands, not to look up a CPR number', async () => {
    const page = await world.openPage();
    await openPersonalChat(page);
    const welcome = await cardShowing(page, 'Velkommen til Brobygger');
    await saveScreenshot(page, welcome, 'welcome-hotline-agent');
    const text = await welcome.innerText();
    expect(text).toContain('"hotline optaget" eller "hotline fri"');
    expect(text).toContain('"vejviser misbrug"');
    expect(text).not.toMatch(/CPR|logges/);
    await page.context().close();
  }, 90_000);

  it('"hjælp" shows the hotline agent\'s commands first, then the guide, and no other role\'s commands', async () => {
    const page = await world.openPage();
    const compose = await openPersonalChat(page);
    await say(page, compose, 'hjælp');
    const card = await cardShowing(page, help.title);
    await saveScreenshot(page, card, 'help-hotline-agent');
    expect(await helpSectionsShown(card)).toEqual([help.hotlineAgentTitle, help.guideTitle]);
    const text = await card.innerText();
    expect(text).toMatch(ROLE_COMMANDS.hotlineAgent);
    expect(text).toContain('"hotline" viser, om du står som ledig i dag.');
    for (const other of [ROLE_COMMANDS.admin, ROLE_COMMANDS.specialist, ROLE_COMMANDS.announcer, ROLE_COMMANDS.status, ROLE_COMMANDS.lookup]) expect(text).not.toMatch(other);
    // A placeholder stripped in rendering leaves an empty gap inside the quotes.
    expect(text).not.toMatch(/\s"[\s.,;|]|\s\|/);

    // What the help promises: "hotline" tells the agent her own status.
    await say(page, compose, 'hotline');
    await page.getByRole('paragraph').filter({ hasText: /Du er hotlinemedarbejder og står som ledig/ }).last().waitFor({ timeout: 20_000 });
    await page.context().close();
  }, 90_000);
});
