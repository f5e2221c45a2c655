import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumExecutable, SYSTEM_CHROMIUM } from './chromium-executable.js';
import { BROWSER_ARGS } from './playground-world.js';

const bundled = async () => '/tmp/bundled/chromium';

describe('which Chromium the end-to-end tests drive', () => {
  it('CHROMIUM_PATH first, when it exists', async () => {
    const exists = (path: string) => path === '/opt/chrome' || path === SYSTEM_CHROMIUM;
    expect(await chromiumExecutable({ env: { CHROMIUM_PATH: '/opt/chrome' }, exists, bundled })).toBe('/opt/chrome');
    await expect(chromiumExecutable({ env: { CHROMIUM_PATH: '/nowhere' }, exists, bundled })).rejects.toThrow(/CHROMIUM_PATH is \/nowhere/);
  });

  it("then Debian's /usr/bin/chromium, unless the bundled one is asked for", async () => {
    const exists = (path: string) => path === SYSTEM_CHROMIUM;
    expect(await chromiumExecutable({ env: {}, exists, bundled })).toBe(SYSTEM_CHROMIUM);
    expect(await chromiumExecutable({ env: { E2E_BUNDLED_CHROMIUM: 'true' }, exists, bundled })).toBe('/tmp/bundled/chromium');
  });

  it('on a machine with no system Chromium, the one shipped in @sparticuz/chromium', async () => {
    expect(await chromiumExecutable({ env: {}, exists: () => false, bundled })).toBe('/tmp/bundled/chromium');
  });

  it('the bundled Chromium starts offline and renders Danish text', async () => {
    const browser = await chromium.launch({ executablePath: await chromiumExecutable({ env: { E2E_BUNDLED_CHROMIUM: 'true' } }), headless: true, args: BROWSER_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent('<h1>Fællesborger på hjemløshedsområdet</h1>');
      expect(await page.textContent('h1')).toBe('Fællesborger på hjemløshedsområdet');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
