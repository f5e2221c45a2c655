/**
 * BIF has categorised citizens in three schemes over time; data may arrive in any of them (DOMAIN.md):
 * old match groups 1–5 (until April 2010), new match groups 1–3 (2010–2014), and the 2014 visitation categories.
 * SOF categorises by target group (need).
 */
export const BIF_CATEGORIES = [
  'gammel_match_1', 'gammel_match_2', 'gammel_match_3', 'gammel_match_4', 'gammel_match_5',
  'ny_match_1', 'ny_match_2', 'ny_match_3',
  'jobparat', 'aktivitetsparat', 'uddannelsesparat',
] as const;

export const SOF_TARGET_GROUPS = ['misbrug', 'psykisk_sygdom', 'handicap', 'hjemloeshed', 'socialt_udsat', 'andet'] as const;

export type BifCategory = (typeof BIF_CATEGORIES)[number];
export type SofTargetGroup = (typeof SOF_TARGET_GROUPS)[number];
export type Category = BifCategory | SofTargetGroup;

export type BifScheme = 'gammel_match' | 'ny_match' | 'visitation';

export function bifScheme(category: BifCategory): BifScheme {
  if (category.startsWith('gammel_match_')) return 'gammel_match';
  if (category.startsWith('ny_match_')) return 'ny_match';
  return 'visitation';
}

export function isBifCategory(value: string): value is BifCategory {
  return (BIF_CATEGORIES as readonly string[]).includes(value);
}

export function isSofTargetGroup(value: string): value is SofTargetGroup {
  return (SOF_TARGET_GROUPS as readonly string[]).includes(value);
}
