import { describe, expect, it } from 'vitest';
import { BIF_CATEGORIES } from '../../../domain/categories/categories.js';
import { describeCategory } from '../../../bot/categories/describe-category.js';
import { bifEquivalents, isSharedCitizenCategory } from '../../../domain/categories/map-bif-category.js';
import { normaliseCategory } from '../../../domain/categories/normalise-category.js';
import { messages } from '../../../bot/i18n/messages.js';

describe('BIF category schemes', () => {
  it('maps old match 1–3 → new 1, old 4 → new 2, old 5 → new 3 (April 2010)', () => {
    expect(['gammel_match_1', 'gammel_match_2', 'gammel_match_3', 'gammel_match_4', 'gammel_match_5'].map((c) => bifEquivalents(c as never).nyMatch)).toEqual([[1], [1], [1], [2], [3]]);
  });

  it('treats old 4–5 = new 2–3 = aktivitetsparat as the shared-citizen categories, and nothing else', () => {
    expect(BIF_CATEGORIES.filter(isSharedCitizenCategory)).toEqual(['gammel_match_4', 'gammel_match_5', 'ny_match_2', 'ny_match_3', 'aktivitetsparat']);
  });

  it('shows the stored category and its equivalents in the other schemes', () => {
    const da = messages('da');
    expect(describeCategory('gammel_match_4', da)).toEqual({ stored: 'Gammel matchgruppe 4', mapped: 'svarer til ny matchgruppe 2 / aktivitetsparat' });
    expect(describeCategory('aktivitetsparat', da)).toEqual({ stored: 'Aktivitetsparat', mapped: 'svarer til gammel matchgruppe 4–5 / ny matchgruppe 2–3' });
    expect(describeCategory('ny_match_1', da)).toEqual({ stored: 'Ny matchgruppe 1', mapped: 'svarer til gammel matchgruppe 1–3 / jobparat eller uddannelsesparat' });
    expect(describeCategory('misbrug', da)).toEqual({ stored: 'Misbrug', mapped: null });
    expect(describeCategory('ny_match_3', messages('en')).mapped).toBe('equivalent to old match group 5 / activity-ready (aktivitetsparat)');
  });

  it.each([
    ['Aktivitetsparat', 'aktivitetsparat'],
    ['ny match 2', 'ny_match_2'],
    ['Match 4 (gammel)', 'gammel_match_4'],
    ['gammel matchgruppe 5', 'gammel_match_5'],
    ['Psykisk sygdom', 'psykisk_sygdom'],
    ['hjemløshed', 'hjemloeshed'],
    ['match 4', null], // a bare match group: the scheme comes from the case's date (bare-match-group.ts)
    ['parat', null],
  ])('reads "%s" from a file as %s', (raw, expected) => {
    expect(normaliseCategory(raw)).toBe(expected);
  });
});
