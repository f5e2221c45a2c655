import { beforeAll, describe, expect, it } from 'vitest';
import { entrySummary, sentencesOf, SUMMARY_LENGTH } from '../../../bot/guide/entry-summary.js';
import { searchGuide } from '../../../bot/guide/search-guide.js';
import type { GuideEntry } from '../../../data/repositories/guide.js';
import type { Store } from '../../../data/store/store.js';
import { demoGuideStore } from '../../guide/guide-quality.js';

/** Abbreviations and ordinals a Danish sentence never ends with ("mv.", "osv." and "m.fl." can, so they are not here). */
const NEVER_LAST = /(?:^|[\s(])(?:\d{1,2}\.|bl\.a\.|fx\.|f\.eks\.|jf\.|ca\.|kl\.|evt\.|pga\.|nr\.|tlf\.|inkl\.)$/i;
const visible = (text: string) => text.replaceAll('**', '');

describe('entry summaries', () => {
  it.each([
    ['Fra 1. januar 2025 samler YDS alle ydelser. Spørg dem.', 'Fra 1. januar 2025 samler YDS alle ydelser.|Spørg dem.'],
    ['Borgere med misbrug, bl.a. alkohol. Ring til os.', 'Borgere med misbrug, bl.a. alkohol.|Ring til os.'],
    ['Åbent fx. om aftenen til kl. 20. Derefter lukket.', 'Åbent fx. om aftenen til kl. 20. Derefter lukket.'],
    ['Åbent fx. om aftenen. Derefter lukket.', 'Åbent fx. om aftenen.|Derefter lukket.'],
    ['Ca. 450 borgere om året, jf. loven. Pr. 1.6.2024 ændret.', 'Ca. 450 borgere om året, jf. loven.|Pr. 1.6.2024 ændret.'],
    ['Herberger, bosteder mv. Borgere, der pga. en ustabil livssituation ikke møder op.', 'Herberger, bosteder mv.|Borgere, der pga. en ustabil livssituation ikke møder op.'],
    ['Hvem? Os! Ellers H. C. Andersen.', 'Hvem?|Os!|Ellers H. C. Andersen.'],
  ])('splits "%s" only at real sentence ends', (text, expected) => {
    expect(sentencesOf(text).join('|')).toBe(expected);
  });

  it('cuts a sentence too long for the card at a word, closes the bold and marks the cut', () => {
    const body = `**Enheden for Sociale Ydelser** ${'behandler ansøgninger om enkeltydelser '.repeat(8)}i SOF.`;
    const summary = entrySummary({ title: 'ESY', body }, 60);
    expect(summary).toBe('**Enheden for Sociale Ydelser** behandler ansøgninger om…');
    expect(entrySummary({ title: 'x', body: '**Enheden for Sociale Ydelser og personlige tillæg**' }, 30)).toBe('**Enheden for Sociale Ydelser**…');
  });

  it('starts at the sentence about the entry, not at an opening shared with other entries', () => {
    const body = 'Fra 1. januar 2025 er SOF organiseret i seks driftscentre. **Hjemløshed og Bolig** tager sig af hjemløse.';
    expect(entrySummary({ title: 'SOF: Hjemløshed og Bolig', body })).toBe('**Hjemløshed og Bolig** tager sig af hjemløse.');
    expect(entrySummary({ title: 'Ungecenteret', body: 'Ungecenteret er BIF’s ungeenhed. Unge kategoriseres som **uddannelsesparate**.' })).toBe(
      'Ungecenteret er BIF’s ungeenhed. Unge kategoriseres som **uddannelsesparate**.',
    );
  });

  describe('over the real guide content (data/demo/guide.csv)', () => {
    let store: Store;
    let entries: GuideEntry[];
    beforeAll(async () => {
      store = await demoGuideStore();
      const byId = new Map<string, GuideEntry>();
      for (const day of ['2009-06-01', '2019-03-01', '2020-05-01', '2023-09-15', '2024-06-01', '2025-03-01', '2026-11-23']) {
        for (const entry of await store.guide.inForce(day)) byId.set(`${entry.id}@${entry.body.length}`, entry);
      }
      entries = [...byId.values()];
    });

    it('covers every entry', () => {
      expect(entries.length).toBeGreaterThanOrEqual(47);
    });

    it('gives every entry a summary that fits, ends at a sentence end or a whole word, and never at an ordinal or abbreviation', () => {
      for (const entry of entries) {
        const summary = entrySummary(entry);
        expect(visible(summary).length, entry.id).toBeLessThanOrEqual(SUMMARY_LENGTH);
        expect(visible(summary).length, entry.id).toBeGreaterThan(40);
        expect((summary.match(/\*\*/g) ?? []).length % 2, entry.id).toBe(0);
        if (summary.endsWith('…')) {
          const text = visible(summary.slice(0, -1));
          const at = visible(entry.body).indexOf(text);
          expect(at, entry.id).toBeGreaterThanOrEqual(0);
          expect(visible(entry.body)[at + text.length], `${entry.id} is cut mid-word`).toMatch(/[\s,;:]/);
        } else {
          expect(entry.body, entry.id).toContain(summary);
          expect(summary, entry.id).toMatch(/[.!?]$/);
          expect(summary, entry.id).not.toMatch(NEVER_LAST);
        }
      }
    });

    it.each([
      ['misbrug', /^\*\*Rusmiddel og Behandling\*\* tager sig af borgere med misbrug/],
      ['hvem tager sig af hjemløse', /^\*\*Hjemløshed og Bolig\*\* tager sig af hjemløse/],
      ['enkeltydelser', /^Fra 1\. januar 2025 behandler \*\*Ydelsesservice \(YDS\)\*\* i BIF ansøgninger om enkeltydelser/],
    ])('reads well for the README example "%s" (its top hit)', async (query, expected) => {
      const top = (await searchGuide(store, query, '2026-11-23', 1))[0]!;
      expect(entrySummary(top.entry)).toMatch(expected);
    });
  });
});
