import { BIF_CATEGORIES, SOF_TARGET_GROUPS, type Category } from './categories.js';

/** Spellings people and source systems use, mapped to the stored codes. */
const ALIASES: Record<string, Category> = {
  match_1_gammel: 'gammel_match_1', match_2_gammel: 'gammel_match_2', match_3_gammel: 'gammel_match_3',
  match_4_gammel: 'gammel_match_4', match_5_gammel: 'gammel_match_5',
  gammel_matchgruppe_1: 'gammel_match_1', gammel_matchgruppe_2: 'gammel_match_2', gammel_matchgruppe_3: 'gammel_match_3',
  gammel_matchgruppe_4: 'gammel_match_4', gammel_matchgruppe_5: 'gammel_match_5',
  match_1_ny: 'ny_match_1', match_2_ny: 'ny_match_2', match_3_ny: 'ny_match_3',
  ny_matchgruppe_1: 'ny_match_1', ny_matchgruppe_2: 'ny_match_2', ny_matchgruppe_3: 'ny_match_3',
  psykisk_syg: 'psykisk_sygdom', psykiatri: 'psykisk_sygdom',
  hjemloes: 'hjemloeshed', hjemloese: 'hjemloeshed',
  rusmiddel: 'misbrug', rusmidler: 'misbrug',
};

export function categoryKey(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[()]/g, ' ')
    .replace(/[\s\-.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The stored code for a category as written in a file, or null when it is not one we know. */
export function normaliseCategory(raw: string): Category | null {
  const key = categoryKey(raw);
  if ((BIF_CATEGORIES as readonly string[]).includes(key)) return key as Category;
  if ((SOF_TARGET_GROUPS as readonly string[]).includes(key)) return key as Category;
  return ALIASES[key] ?? null;
}
