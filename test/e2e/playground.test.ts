import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrobygger, type Brobygger } from '../../bot/app.js';
import { playgroundConfig, startPlayground, type Playground } from '../../bot/cli/playground.js';
import { loadConfig } from '../../bot/config/load-config.js';
import { createLogger } from '../../bot/log/logger.js';
import { projectFile } from '../../bot/project-root.js';
import { importFolder } from '../../data/import/import-folder.js';
import { openStore } from '../../data/store/store.js';
import { rememberPlaygroundConversations } from '../../bot/cli/playground-conversations.js';
import { freePort } from '../support/free-port.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = projectFile('test-output', 'e2e');

/**
 * The whole path a caseworker takes: the real bot with the demo data, the Microsoft 365 Agents Playground
 * emulating Teams, and headless Chromium typing into it.
 */
describe('end to end in the Agents Playground', () => {
  let app: Brobygger;
  let playground: Playground;
  let browser: Browser;
  let botBaseUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package "chromium" (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    const work = mkdtempSync(join(tmpdir(), 'brobygger-e2e-'));
    const store = openStore(join(work, 'demo.sqlite'));
    const imported = await importFolder(store.db, projectFile('data', 'demo'), { now: new Date() });
    expect(imported.ok).toBe(true);
    const settings = playgroundConfig('anna');
    const config = loadConfig({ LOCAL_MODE: 'true', DATABASE_PATH: join(work, 'demo.sqlite'), ALLOWED_TENANT_IDS: settings.tenantId, LOCALE_OVERRIDE: 'da', LOG_LEVEL: 'warn', EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT });
    app = createBrobygger({ config, log: createLogger({ level: 'warn' }), store });
    const botUrl = await app.listen(0, '127.0.0.1');
    playground = await startPlayground({ botEndpoint: `${botUrl}/api/messages`, port: await freePort(), workDir: join(work, 'playground'), config: settings });
    rememberPlaygroundConversations(store, settings as Parameters<typeof rememberPlaygroundConversations>[1], `${playground.url}/_connector`, new Date());
    botBaseUrl = botUrl;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await app?.shutdown(2000);
  });

  it('a BIF caseworker looks up a shared citizen and gets the answer card', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // Offline: the Playground's CDN fonts would otherwise wait for a timeout.
    await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    const compose = page.locator('[data-lexical-editor="true"][contenteditable="true"]').first();
    await compose.waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();

    // Opening the app installs it in the personal chat: Brobygger greets once.
    await page.locator('.ac-adaptiveCard', { hasText: 'Velkommen til Brobygger' }).first().waitFor({ timeout: 20_000 });

    await compose.click();
    await page.keyboard.type('hvem har 120385-1127?');
    await page.keyboard.press('Enter');
    const answer = page.locator('.ac-adaptiveCard', { hasText: 'Hvem har borgeren?' }).last();
    await answer.waitFor({ timeout: 20_000 });
    const text = await answer.innerText();
    expect(text).toContain('Birte Prøvegaard');
    expect(text).toContain('120385-xxxx');
    expect(text).toContain('Mads Nielsen');
    expect(text).toContain('Grøn linie');
    expect(text).not.toContain('120385-1127');
    expect(await answer.locator('.ac-actionSet button', { hasText: 'Chat i Teams' }).count()).toBeGreaterThan(0);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await answer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'lookup-card.png'), fullPage: false });
    expect(existsSync(join(SCREENSHOTS, 'lookup-card.png'))).toBe(true);
    await context.close();
  }, 90_000);

  it('a benefit-stop alert lands in the SOF team’s channel and is claimed there', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1200 } });
    await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('treeitem', { name: /SOF Team Voksenrådgivning/ }).first().click({ timeout: 30_000 });
    // The Playground shows what arrives while the page is open: the event is sent now.
    const request = signedEvent(benefitStopped('1203851127', { stop_date: '2026-11-23', bif_caseworker_id: 'E-BIF-001' }));
    expect((await postEvent(botBaseUrl, request)).status).toBe(202);
    const card = page.locator('.ac-adaptiveCard', { hasText: 'Ydelsen er stoppet' }).last();
    await card.waitFor({ timeout: 20_000 });
    const text = await card.innerText();
    expect(text).toContain('Birte Prøvegaard · 120385-xxxx');
    expect(text).toContain('Grøn linie');
    expect(text).not.toContain('1203851127');
    expect(text).toMatch(/Stopdato\s+23\.\snovember 2026/);
    await card.locator('button', { hasText: 'Jeg tager den' }).click();
    await page.locator('.ac-adaptiveCard', { hasText: 'Taget af Anna Jensen' }).last().waitFor({ timeout: 20_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'alert-card.png'), fullPage: false });
    await context.close();
  }, 90_000);
});
