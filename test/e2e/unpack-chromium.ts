import { chromiumExecutable } from './chromium-executable.js';

/**
 * Vitest global setup: when the bundled Chromium is the one to use, unpack it once before the test files start,
 * so that parallel files do not race to write the same binary in the temp folder. A problem (e.g. a wrong
 * `CHROMIUM_PATH`) is left for the end-to-end tests to report, so that other tests still run.
 */
export default async function unpackChromium(): Promise<void> {
  await chromiumExecutable().catch(() => undefined);
}
