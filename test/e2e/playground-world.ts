import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createBrobygger, type Brobygger } from '../../bot/app.js';
import { rememberPlaygroundConversations } from '../../bot/cli/playground-conversations.js';
import { playgroundConfig, startPlayground, type Playground } from '../../bot/cli/playground.js';
import { loadConfig } from '../../bot/config/load-config.js';
import { createLogger } from '../../bot/log/logger.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { openStore } from '../../data/store/store.js';
import { freePort } from '../support/free-port.js';
import { WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { chromiumExecutable } from './chromium-executable.js';

export const SCREENSHOTS = projectFile('test-output', 'e2e');
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export type PlaygroundWorld = {
  playground: Playground;
  botBaseUrl: string;
  /** A fresh browser page on the Playground, with every request off this machine refused. */
  openPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
};

/**
 * The real bot on the demo data, the Microsoft 365 Agents Playground emulating Teams with `as` (a mock user in
 * `.m365agentsplayground.yml`) as the current user, and headless Chromium. One per test file: starting it costs
 * seconds. `env` adds configuration (e.g. `HOTLINE_OPENING_HOURS`); `dataFolder` replaces the demo data.
 */
export async function startPlaygroundWorld(as: string, env: Record<string, string> = {}, dataFolder = projectFile('data', 'demo')): Promise<PlaygroundWorld> {
  const work = mkdtempSync(join(tmpdir(), 'brobygger-e2e-'));
  const store = await openStore(join(work, 'demo.sqlite'));
  const imported = await store.importFolder(dataFolder, { now: new Date() });
  if (!imported.ok) throw new Error(`The data in ${dataFolder} did not import.`);
  const settings = playgroundConfig(as);
  const config = loadConfig({ LOCAL_MODE: 'true', DATABASE_PATH: join(work, 'demo.sqlite'), ALLOWED_TENANT_IDS: settings.tenantId, LOCALE_OVERRIDE: 'da', LOG_LEVEL: 'warn', EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT, ...env });
  const app: Brobygger = await createBrobygger({ config, log: createLogger({ level: 'warn' }), store });
  const botBaseUrl = await app.listen(0, '127.0.0.1');
  const playground = await startPlayground({ botEndpoint: `${botBaseUrl}/api/messages`, port: await freePort(), workDir: join(work, 'playground'), config: settings });
  await rememberPlaygroundConversations(store, settings as Parameters<typeof rememberPlaygroundConversations>[1], `${playground.url}/_connector`, new Date());
  const browser: Browser = await chromium.launch({ executablePath: await chromiumExecutable(), headless: true, args: BROWSER_ARGS });
  return {
    playground,
    botBaseUrl,
    async openPage(viewport = { width: 1400, height: 1000 }) {
      const context = await browser.newContext({ viewport });
      // Offline: the Playground's CDN fonts would otherwise wait for a timeout.
      await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
      const page = await context.newPage();
      await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
      return page;
    },
    async close() {
      await browser.close();
      await playground.stop();
      await app.shutdown(2000);
    },
  };
}

/**
 * A PlaygroundWorld for the enclosing `describe`: started before its tests (arguments as for startPlaygroundWorld;
 * `dataFolder` is made only then) and closed after them.
 */
export function usePlaygroundWorld(as: string, env: Record<string, string> = {}, dataFolder?: () => string): PlaygroundWorld {
  let world: PlaygroundWorld | undefined;
  beforeAll(async () => {
    world = await startPlaygroundWorld(as, env, dataFolder?.());
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  });
  const started = (): PlaygroundWorld => {
    if (!world) throw new Error('The Playground world is used before it has started.');
    return world;
  };
  return {
    get playground() {
      return started().playground;
    },
    get botBaseUrl() {
      return started().botBaseUrl;
    },
    openPage: (viewport) => started().openPage(viewport),
    close: () => started().close(),
  };
}

/** Opens the 1:1 chat with Brobygger and returns its compose box. */
export async function openPersonalChat(page: Page): Promise<Locator> {
  const compose = page.locator('[data-lexical-editor="true"][contenteditable="true"]').first();
  await compose.waitFor({ state: 'visible', timeout: 30_000 });
  await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
  return compose;
}

/** Types a message into the compose box and sends it. */
export async function say(page: Page, compose: Locator, text: string): Promise<void> {
  await compose.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The newest card that shows `text`, once it has arrived. */
export async function cardShowing(page: Page, text: string | RegExp): Promise<Locator> {
  const card = page.locator('.ac-adaptiveCard', { hasText: text }).last();
  await card.waitFor({ timeout: 20_000 });
  return card;
}

/** The card scrolled into view and the window saved as `test-output/e2e/<name>.png`. */
export async function saveScreenshot(page: Page, card: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await card.scrollIntoViewIfNeeded();
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The titles of the card's buttons, in order. */
export async function buttonTitles(card: Locator): Promise<string[]> {
  return (await card.locator('.ac-actionSet button').allInnerTexts()).map((title) => title.trim());
}
