import type { Locator, Page } from 'playwright-core';
import { cardShowing, openPersonalChat, saveScreenshot, say, type PlaygroundWorld } from './playground-world.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** The month a chart label ("nov.", "jan. 26") names, 0–11, or -1 if it names none. */
export const monthOfLabel = (text: string): number => MONTHS.indexOf(/^([a-zæø]{3})\.?(?: \d{2})?$/.exec(text)?.[1] ?? '');

/** "status" said in a fresh page's 1:1 chat; the card once both its charts are drawn, saved as `<screenshot>.png`. */
export async function statusCardShown(world: PlaygroundWorld, screenshot: string): Promise<{ page: Page; card: Locator }> {
  const page = await world.openPage({ width: 1400, height: 2200 });
  const compose = await openPersonalChat(page);
  await say(page, compose, 'status');
  const card = await cardShowing(page, 'Status på strategiens mål');
  await card.locator('svg').first().waitFor({ timeout: 20_000 });
  await card.locator('[role="alert"] [role="img"]').first().waitFor({ timeout: 20_000 });
  await saveScreenshot(page, card, screenshot);
  return { page, card };
}
