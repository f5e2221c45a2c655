import { rebuildGuideIndex } from '../repositories/guide.js';
import type { Migration } from './migration.js';

/**
 * The guide's search terms are now cut by the Snowball Danish stemmer (domain/text/normalise-danish.ts). An index
 * built by the earlier, hand-written stemmer would no longer meet the queries' terms, so it is rebuilt here from the
 * entries' current versions; the entries themselves are unchanged. A later change of the stemmer needs a migration
 * like this one.
 */
export const guideIndexSnowball: Migration = {
  version: 14,
  name: 'guide-index-snowball',
  sql: '',
  run: rebuildGuideIndex,
};
