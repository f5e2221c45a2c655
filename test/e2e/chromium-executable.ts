import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

type Lookup = { env: NodeJS.ProcessEnv; exists: (path: string) => boolean; bundled: () => Promise<string> };

/**
 * The Chromium the end-to-end tests drive: `CHROMIUM_PATH` if set, else Debian's `/usr/bin/chromium`, else the
 * binary shipped in the npm package `@sparticuz/chromium` (unpacked to the temp folder on first use, offline), so
 * that `npm install` then `npm test` needs nothing else. `E2E_BUNDLED_CHROMIUM=true` skips the system browser.
 */
export async function chromiumExecutable(lookup: Partial<Lookup> = {}): Promise<string> {
  const { env = process.env, exists = existsSync, bundled = bundledChromium } = lookup;
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen) {
    if (!exists(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, which does not exist; unset it to use ${SYSTEM_CHROMIUM} or the bundled Chromium.`);
    return chosen;
  }
  if (env.E2E_BUNDLED_CHROMIUM !== 'true' && exists(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return bundled();
}

async function bundledChromium(): Promise<string> {
  const { default: chromium } = await import('@sparticuz/chromium');
  return chromium.executablePath();
}
