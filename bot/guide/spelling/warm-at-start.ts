import type { Logger } from '../../log/logger.js';
import { warmDanishDictionary } from './danish-dictionary.js';

/**
 * Loads the guide's Danish dictionary before the bot takes requests (GUIDE_SPELLING_DICTIONARY, default on), so
 * that no chat turn pays the seconds it takes; logs what it cost, for sizing the machine.
 */
export async function warmGuideSpelling(enabled: boolean, log: Logger): Promise<void> {
  if (!enabled) {
    log.info('guide spelling: the Danish dictionary is off (GUIDE_SPELLING_DICTIONARY=false); misspellings are corrected against the guide\'s own words only');
    return;
  }
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  await warmDanishDictionary();
  const megabytes = (bytes: number) => Math.round(bytes / 1e6);
  log.info(
    { loadMs: Math.round(performance.now() - started), heapMb: megabytes(process.memoryUsage().heapUsed - heapBefore), rssMb: megabytes(process.memoryUsage().rss) },
    'guide spelling: the Danish dictionary is loaded',
  );
}
