import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../bot/config/load-config.js';
import { searchGuide } from '../../../bot/guide/search-guide.js';
import { danishDictionaryIfReady } from '../../../bot/guide/spelling/danish-dictionary.js';
import { warmGuideSpelling } from '../../../bot/guide/spelling/warm-at-start.js';
import { createLogger } from '../../../bot/log/logger.js';
import type { Store } from '../../../data/store/store.js';
import { demoGuideStore, QUERY_SET_DAY } from '../../guide/guide-quality.js';

/** GUIDE_SPELLING_DICTIONARY=false, for small machines: the dictionary is never loaded and the guide still answers. */
describe('the guide without the Danish dictionary', () => {
  let store: Store;
  beforeAll(async () => {
    store = await demoGuideStore();
  });
  afterAll(() => store.close());

  it('reads GUIDE_SPELLING_DICTIONARY: on by default, false turns it off, anything else is refused by name', () => {
    expect(loadConfig({ LOCAL_MODE: 'true' }).GUIDE_SPELLING_DICTIONARY).toBe(true);
    expect(loadConfig({ LOCAL_MODE: 'true', GUIDE_SPELLING_DICTIONARY: 'false' }).GUIDE_SPELLING_DICTIONARY).toBe(false);
    expect(() => loadConfig({ LOCAL_MODE: 'true', GUIDE_SPELLING_DICTIONARY: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ LOCAL_MODE: 'true', GUIDE_SPELLING_DICTIONARY: 'maybe' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['GUIDE_SPELLING_DICTIONARY (got "maybe"): must be true or false']);
    }
  });

  it('does not load the dictionary at start when switched off, and says so in the log', async () => {
    const lines: string[] = [];
    await warmGuideSpelling(false, createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }));
    expect(danishDictionaryIfReady()).toBeNull();
    expect(lines.join('\n')).toContain('GUIDE_SPELLING_DICTIONARY=false');
  });

  it('still finds entries by their words, inflected, and one typo from the index', async () => {
    const first = async (query: string) => (await searchGuide(store, query, QUERY_SET_DAY))[0]?.entry.id;
    expect(await first('handleplanerne')).toBeDefined();
    expect((await searchGuide(store, 'handleplanerne', QUERY_SET_DAY)).map((hit) => hit.entry.id)).toContain('social-handleplan');
    expect(await first('reconect')).toBe('reconnect');
    expect(await first('hjemløse')).toBe('sof-hjemloeshed');
  });
});
