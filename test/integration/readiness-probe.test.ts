import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../support/running-bot.js';

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot.stop();
});

describe('GET /readyz from anyone', () => {
  it('probes the store at most once a second however often it is asked', async () => {
    const store = bot.app.store;
    const original = store.notReadyReason.bind(store);
    let probes = 0;
    store.notReadyReason = () => {
      probes++;
      return original();
    };
    try {
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${bot.url}/readyz`).then((response) => response.status)));
      const seconds = (performance.now() - started) / 1000;
      expect(answers.every((status) => status === 200)).toBe(true);
      // One probe per second the 200 requests took (a loaded machine takes longer), never one per request.
      expect(probes).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
      expect(probes).toBeLessThan(20);
    } finally {
      store.notReadyReason = original;
    }
  });
});
