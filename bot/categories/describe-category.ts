import type { Messages } from '../i18n/messages.js';
import { bifScheme, isBifCategory, isSofTargetGroup, type BifCategory } from '../../domain/categories/categories.js';
import { bifEquivalents } from '../../domain/categories/map-bif-category.js';

/**
 * The stored category as written, plus its equivalents in the other BIF schemes, e.g.
 * "Gammel matchgruppe 4 (svarer til ny matchgruppe 2 eller aktivitetsparat)".
 */
export function describeCategory(category: string, m: Messages): { stored: string; mapped: string | null } {
  if (isSofTargetGroup(category)) return { stored: m.categories[category], mapped: null };
  if (!isBifCategory(category)) return { stored: category, mapped: null };
  return { stored: storedLabel(category, m), mapped: m.categories.equivalent(equivalents(category, m)) };
}

/** The category as one line, as the lookup and the alert card show it: "Aktivitetsparat (svarer til …)". */
export function categoryText(category: string, m: Messages): string {
  const { stored, mapped } = describeCategory(category, m);
  return mapped ? `${stored} (${mapped})` : stored;
}

function storedLabel(category: BifCategory, m: Messages): string {
  const scheme = bifScheme(category);
  if (scheme === 'gammel_match') return m.categories.gammel_match(Number(category.at(-1)));
  if (scheme === 'ny_match') return m.categories.ny_match(Number(category.at(-1)));
  return m.categories[category as 'jobparat' | 'aktivitetsparat' | 'uddannelsesparat'];
}

function equivalents(category: BifCategory, m: Messages): string {
  const { gammelMatch, nyMatch, visitation } = bifEquivalents(category);
  const scheme = bifScheme(category);
  const parts: string[] = [];
  if (scheme !== 'gammel_match') parts.push(m.categories.oldGroups(range(gammelMatch)));
  if (scheme !== 'ny_match') parts.push(m.categories.newGroups(range(nyMatch)));
  if (scheme !== 'visitation') parts.push(visitation.map((value) => m.categories[value].toLowerCase()).join(` ${m.categories.or} `));
  return parts.join(' / ');
}

function range(groups: readonly number[]): string {
  if (groups.length === 1) return String(groups[0]);
  return `${groups[0]}–${groups.at(-1)}`;
}
